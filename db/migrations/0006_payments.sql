-- Payments (marketplace/payment_service.*, marketplace/local_gateway.*).

-- Provider webhook events already applied. The event id is the key: an event is applied in
-- the same transaction as its row here, so a redelivered event changes nothing twice.
CREATE TABLE payment_events (
  event_id          text PRIMARY KEY CHECK (length(event_id) BETWEEN 1 AND 255),
  type              text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
  payment_intent_id text,
  outcome           text NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now()
);

-- One live payment per booking: a second create-intent returns the existing one.
CREATE UNIQUE INDEX payments_one_live_per_booking ON payments (booking_id)
  WHERE status NOT IN ('failed', 'canceled');

-- The local gateway's PaymentIntents (development and end-to-end tests): they survive a
-- restart like Stripe's do. Shaped after Stripe's object, not after our payments table.
CREATE TABLE local_payment_intents (
  id                    text PRIMARY KEY,
  client_secret         text NOT NULL,
  amount_cents          bigint NOT NULL CHECK (amount_cents > 0),
  currency              text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  booking_id            text NOT NULL DEFAULT '',
  status                text NOT NULL
                        CHECK (status IN ('requires_payment_method', 'requires_confirmation',
                                          'processing', 'succeeded', 'canceled')),
  payment_method        text,
  latest_charge         text,
  failure_code          text,
  failure_message       text,
  amount_refunded_cents bigint NOT NULL DEFAULT 0 CHECK (amount_refunded_cents >= 0),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK (amount_refunded_cents <= amount_cents)
);

CREATE TABLE local_refunds (
  id                text PRIMARY KEY,
  payment_intent_id text NOT NULL REFERENCES local_payment_intents (id),
  amount_cents      bigint NOT NULL CHECK (amount_cents > 0),
  created_at        timestamptz NOT NULL DEFAULT now()
);

-- The local gateway's idempotency keys, as Stripe keeps them: the same key with the same
-- request replays the stored result; with another request it is refused.
CREATE TABLE local_idempotency_keys (
  idempotency_key text PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  request         text NOT NULL,
  response        text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- The marketplace's system of record: people, the catalogue that feeds search, bookings, money.
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE users (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email           text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
  password_hash   text NOT NULL,
  role            text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'celebrity', 'admin')),
  first_name      text NOT NULL DEFAULT '',
  last_name       text NOT NULL DEFAULT '',
  phone           text,
  avatar_url      text,
  is_active       boolean NOT NULL DEFAULT true,
  email_verified  boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE categories (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '',
  icon        text NOT NULL DEFAULT '',
  sort_order  integer NOT NULL DEFAULT 0,
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE celebrities (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid UNIQUE REFERENCES users (id) ON DELETE SET NULL,
  username       text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,49}$'),
  display_name   text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  category_id    uuid NOT NULL REFERENCES categories (id),
  profession     text NOT NULL DEFAULT '',
  bio            text NOT NULL DEFAULT '',
  profile_photo  text,
  cover_photo    text,
  average_rating numeric(3, 2) NOT NULL DEFAULT 0 CHECK (average_rating BETWEEN 0 AND 5),
  total_reviews  integer NOT NULL DEFAULT 0 CHECK (total_reviews >= 0),
  total_bookings integer NOT NULL DEFAULT 0 CHECK (total_bookings >= 0),
  is_verified    boolean NOT NULL DEFAULT false,
  is_active      boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX celebrities_username_key ON celebrities (username);
CREATE INDEX celebrities_category_idx ON celebrities (category_id);

CREATE TABLE meeting_types (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  celebrity_id     uuid NOT NULL REFERENCES celebrities (id) ON DELETE CASCADE,
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
  price_cents      bigint NOT NULL CHECK (price_cents > 0),
  currency         char(3) NOT NULL DEFAULT 'USD',
  description      text NOT NULL DEFAULT '',
  is_active        boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_types_celebrity_idx ON meeting_types (celebrity_id);

CREATE TABLE celebrity_availability (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  celebrity_id uuid NOT NULL REFERENCES celebrities (id) ON DELETE CASCADE,
  city         text NOT NULL CHECK (length(city) BETWEEN 1 AND 200),
  country      text NOT NULL,
  country_code char(2) NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
  timezone     text NOT NULL,
  latitude     double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude    double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  is_active    boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX celebrity_availability_celebrity_idx ON celebrity_availability (celebrity_id);

-- A city's dates are local dates (in the availability row's timezone).
CREATE TABLE available_dates (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  availability_id uuid NOT NULL REFERENCES celebrity_availability (id) ON DELETE CASCADE,
  date            date NOT NULL,
  start_time      time NOT NULL,
  end_time        time NOT NULL CHECK (end_time > start_time),
  max_slots       integer NOT NULL CHECK (max_slots BETWEEN 1 AND 1000),
  booked_slots    integer NOT NULL DEFAULT 0 CHECK (booked_slots >= 0),
  is_blocked      boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (booked_slots <= max_slots),
  UNIQUE (availability_id, date, start_time)
);

CREATE TABLE bookings (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_number      text NOT NULL UNIQUE CHECK (booking_number ~ '^BK-[0-9]{4}-[0-9]{6}$'),
  user_id             uuid NOT NULL REFERENCES users (id),
  celebrity_id        uuid NOT NULL REFERENCES celebrities (id),
  meeting_type_id     uuid NOT NULL REFERENCES meeting_types (id),
  available_date_id   uuid NOT NULL REFERENCES available_dates (id),
  meeting_date        date NOT NULL,
  meeting_time        time NOT NULL,
  status              text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'confirmed', 'completed', 'cancelled',
                                        'refunded', 'expired')),
  price_cents         bigint NOT NULL CHECK (price_cents >= 0),
  platform_fee_cents  bigint NOT NULL CHECK (platform_fee_cents >= 0),
  tax_cents           bigint NOT NULL CHECK (tax_cents >= 0),
  total_cents         bigint NOT NULL,
  currency            char(3) NOT NULL DEFAULT 'USD',
  refund_cents        bigint NOT NULL DEFAULT 0 CHECK (refund_cents >= 0),
  special_requests    text,
  fan_notes           text,
  cancelled_by        text CHECK (cancelled_by IN ('fan', 'celebrity', 'admin', 'system')),
  cancellation_reason text,
  cancelled_at        timestamptz,
  expires_at          timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (total_cents = price_cents + platform_fee_cents + tax_cents),
  CHECK (refund_cents <= total_cents)
);
CREATE INDEX bookings_user_idx ON bookings (user_id, created_at DESC);
CREATE INDEX bookings_celebrity_idx ON bookings (celebrity_id, meeting_date);
CREATE INDEX bookings_pending_expiry_idx ON bookings (expires_at) WHERE status = 'pending';
-- A fan cannot hold two live bookings with the same celebrity on one date.
CREATE UNIQUE INDEX bookings_one_per_fan_day ON bookings (user_id, celebrity_id, meeting_date)
  WHERE status IN ('pending', 'confirmed', 'completed');

CREATE TABLE payments (
  id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id                 uuid NOT NULL REFERENCES bookings (id),
  provider                   text NOT NULL CHECK (provider IN ('stripe', 'local')),
  provider_payment_intent_id text NOT NULL UNIQUE,
  amount_cents               bigint NOT NULL CHECK (amount_cents > 0),
  currency                   char(3) NOT NULL DEFAULT 'USD',
  status                     text NOT NULL DEFAULT 'requires_payment_method'
                             CHECK (status IN ('requires_payment_method', 'requires_confirmation',
                                               'processing', 'succeeded', 'failed', 'canceled',
                                               'refunded', 'partially_refunded')),
  refunded_cents             bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
  failure_code               text,
  failure_message            text,
  created_at                 timestamptz NOT NULL DEFAULT now(),
  updated_at                 timestamptz NOT NULL DEFAULT now(),
  CHECK (refunded_cents <= amount_cents)
);
CREATE INDEX payments_booking_idx ON payments (booking_id);

CREATE TABLE reviews (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id   uuid NOT NULL UNIQUE REFERENCES bookings (id),
  user_id      uuid NOT NULL REFERENCES users (id),
  celebrity_id uuid NOT NULL REFERENCES celebrities (id) ON DELETE CASCADE,
  rating       smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment      text NOT NULL DEFAULT '' CHECK (length(comment) <= 5000),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_celebrity_idx ON reviews (celebrity_id, created_at DESC);

CREATE TABLE favorites (
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  celebrity_id uuid NOT NULL REFERENCES celebrities (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, celebrity_id)
);

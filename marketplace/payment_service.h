// @brief Paying for bookings: create and confirm PaymentIntents, read payments, refund.
//
// The booking's amount comes from the database (bookings.total_cents), never from the client.
// Only the booking's owner or an admin may act on its payment; to anyone else a booking or
// payment that exists is reported as not found, like one that does not. State changes that
// follow the provider (succeeded, failed, refunded) arrive as webhooks (WebhookProcessor), not
// from the calls here; no database transaction is held across a call to the provider.
#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "marketplace/clock.h"
#include "marketplace/payment_gateway.h"
#include "marketplace/payment_records.h"
#include "marketplace/principal.h"

namespace starry::marketplace {

class PaymentService {
 public:
  PaymentService(std::string conninfo, PaymentGateway& gateway, Clock clock = SystemClock());

  // A PaymentIntent for the caller's pending booking. One live intent per booking: calling
  // again returns the same intent (and the provider sees the same idempotency key).
  // Errors: kInvalidArgument (bookingId not a UUID); kNotFound (no such booking, or not the
  // caller's); kConflict (booking not pending, or its payment window expired, or already paid);
  // gateway errors as PaymentGateway documents; kUnavailable (PostgreSQL).
  Result<IntentForClient> CreateIntent(const Principal& caller, const std::string& booking_id);

  // Confirms the intent with `payment_method` (a PaymentMethod id; the local gateway also takes
  // test card numbers). Returns the payment as stored after the provider answered.
  // Errors: kInvalidArgument (malformed id or method); kNotFound (no such intent for the
  // caller); kConflict (booking no longer pending); kPaymentFailed (declined).
  Result<PaymentRecord> Confirm(const Principal& caller, const std::string& intent_id,
                                const std::string& payment_method);

  // Cancels the caller's paid (confirmed) booking and refunds what the refund policy allows
  // (by the fan for the owner, by an admin for an admin), never more than was paid; the slot is
  // freed. The booking becomes `refunded` when the provider's charge.refunded arrives. On a
  // cancelled booking whose refund has not reached the provider yet, retries that refund.
  // Errors: kInvalidArgument (not a UUID); kNotFound (absent or not the caller's); kConflict
  // (not paid, nothing left to refund, or no refund due under the policy); gateway errors (the
  // booking then stays cancelled with its refund owed: calling again retries).
  Result<RefundOutcome> Refund(const Principal& caller, const std::string& booking_id);

  // For a booking already cancelled (or expired) with bookings.refund_cents owed: sends the part
  // not yet refunded to the provider. nullopt when nothing is owed. The bookings cancel flow
  // calls this after committing the cancellation.
  // Errors: kInvalidArgument (not a UUID); kNotFound; gateway errors.
  Result<std::optional<RefundOutcome>> SettleRefund(const std::string& booking_id);

  // A payment by its id (uuid) or its PaymentIntent id (pi_...).
  // Errors: kInvalidArgument (neither form); kNotFound (absent or not the caller's).
  Result<PaymentRecord> Get(const Principal& caller, const std::string& id);

 private:
  std::string conninfo_;
  PaymentGateway& gateway_;
  Clock clock_;
};

}  // namespace starry::marketplace

// @brief What the booking and availability endpoints need, built in main (Pistache-free).
#pragma once

#include "db/connection_pool.h"
#include "marketplace/account_service.h"
#include "marketplace/booking_service.h"
#include "marketplace/payment_service.h"
#include "marketplace/token_signer.h"

namespace starry::server {

struct BookingServices {
  marketplace::BookingService* bookings = nullptr;
  marketplace::AccountService* accounts = nullptr;
  const marketplace::TokenSigner* signer = nullptr;
  db::ConnectionPool* pool = nullptr;  // for the public availability view
  // Moves the money of a cancelled paid booking (SettleRefund); null: refunds stay owed until
  // POST /v1/payments/{bookingId}/refund.
  marketplace::PaymentService* payments = nullptr;
};

}  // namespace starry::server

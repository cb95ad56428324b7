// @brief Stripe's test cards, as numbers and as test PaymentMethod ids (the local gateway).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace starry::marketplace {

struct TestCard {
  std::string payment_method;  // the pm_card_* id Stripe gives this card
  bool succeeds = false;
  std::string decline_code;  // when !succeeds: generic_decline, insufficient_funds, ...
  std::string message;       // when !succeeds: Stripe's message
};

// A card number (spaces and dashes allowed: "4242 4242 4242 4242") or a test PaymentMethod id
// (pm_card_visa, pm_card_chargeDeclined, ...). nullopt for anything Stripe's test mode would
// not accept.
std::optional<TestCard> LookUpTestCard(std::string_view payment_method);

}  // namespace starry::marketplace

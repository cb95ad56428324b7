#include "marketplace/test_cards.h"

#include <array>

namespace starry::marketplace {
namespace {

struct Entry {
  std::string_view number;
  std::string_view payment_method;
  std::string_view decline_code;  // empty: succeeds
  std::string_view message;
};

// https://docs.stripe.com/testing: the cards a fan can type and the pm_card_* ids for them.
constexpr std::array<Entry, 7> kCards = {{
    {"4242424242424242", "pm_card_visa", "", ""},
    {"5555555555554444", "pm_card_mastercard", "", ""},
    {"378282246310005", "pm_card_amex", "", ""},
    {"4000000000000002", "pm_card_chargeDeclined", "generic_decline", "Your card was declined."},
    {"4000000000009995", "pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds",
     "Your card has insufficient funds."},
    {"4000000000000069", "pm_card_chargeDeclinedExpiredCard", "expired_card",
     "Your card has expired."},
    {"4000000000000127", "pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc",
     "Your card's security code is incorrect."},
}};

// Digits only, or "" when anything but digits, spaces and dashes appears.
std::string CardDigits(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c != ' ' && c != '-') {
      return "";
    }
  }
  return digits;
}

}  // namespace

std::optional<TestCard> LookUpTestCard(std::string_view payment_method) {
  const bool is_id = payment_method.starts_with("pm_");
  const std::string digits = is_id ? "" : CardDigits(payment_method);
  if (!is_id && digits.empty()) return std::nullopt;
  for (const Entry& e : kCards) {
    if (is_id ? e.payment_method == payment_method : e.number == digits) {
      return TestCard{std::string(e.payment_method), e.decline_code.empty(),
                      std::string(e.decline_code), std::string(e.message)};
    }
  }
  return std::nullopt;
}

}  // namespace starry::marketplace

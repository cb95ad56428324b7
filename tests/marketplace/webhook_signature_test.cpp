#include "marketplace/webhook_signature.h"

#include <gtest/gtest.h>

namespace starry::marketplace {
namespace {

constexpr std::string_view kSecret = "whsec_test";
constexpr std::string_view kPayload = R"({"id":"evt_1","object":"event"})";
constexpr int64_t kT = 1'800'000'000;

TimePoint At(int64_t seconds) { return TimePoint(std::chrono::seconds(seconds)); }

TEST(WebhookSignatureTest, KnownVectorMatchesStripesScheme) {
  // HMAC-SHA256("whsec_test", "1800000000.{...}"), computed independently with openssl dgst.
  EXPECT_EQ(SignWebhookPayload(kSecret, kPayload, kT),
            "t=1800000000,v1=0f1bebceb66c16b38bee6c528eb2e1e8a8b464a6d5ba72f4befa95635b543b07");
}

TEST(WebhookSignatureTest, AcceptsItsOwnSignatureWithinTolerance) {
  auto header = SignWebhookPayload(kSecret, kPayload, kT);
  EXPECT_TRUE(VerifyWebhookSignature(kSecret, kPayload, header, At(kT)).has_value());
  EXPECT_TRUE(VerifyWebhookSignature(kSecret, kPayload, header, At(kT + 300)).has_value());
  EXPECT_TRUE(VerifyWebhookSignature(kSecret, kPayload, header, At(kT - 300)).has_value());
}

TEST(WebhookSignatureTest, AnyOfSeveralV1SignaturesMayMatch) {
  auto good = SignWebhookPayload(kSecret, kPayload, kT);
  auto v1 = good.substr(good.find("v1="));
  std::string header =
      "t=" + std::to_string(kT) + ",v1=" + std::string(64, '0') + ", " + v1 + ",v0=ignored";
  EXPECT_TRUE(VerifyWebhookSignature(kSecret, kPayload, header, At(kT)).has_value());
}

TEST(WebhookSignatureTest, RejectsEverythingElse) {
  auto good = SignWebhookPayload(kSecret, kPayload, kT);
  auto other_secret = SignWebhookPayload("whsec_other", kPayload, kT);
  const std::pair<std::string, TimePoint> cases[] = {
      {"", At(kT)},
      {"   ", At(kT)},
      {good, At(kT + 301)},                                                   // expired
      {good, At(kT - 301)},                                                   // from the future
      {other_secret, At(kT)},                                                 // forged
      {"t=" + std::to_string(kT), At(kT)},                                    // no v1
      {good.substr(good.find(',') + 1), At(kT)},                              // no t
      {"t=abc," + good.substr(good.find("v1=")), At(kT)},                     // bad t
      {"garbage", At(kT)},                                                    // not key=value
      {good.substr(0, good.size() - 1), At(kT)},                              // truncated signature
      {"t=" + std::to_string(kT + 1) + good.substr(good.find(',')), At(kT)},  // t changed
  };
  for (const auto& [header, now] : cases) {
    auto result = VerifyWebhookSignature(kSecret, kPayload, header, now);
    ASSERT_FALSE(result.has_value()) << header;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << header;
    EXPECT_NE(result.error().message.find("Stripe-Signature"), std::string::npos);
  }
  // The payload itself changed.
  EXPECT_FALSE(VerifyWebhookSignature(kSecret, std::string(kPayload) + " ", good, At(kT)));
}

TEST(WebhookSignatureTest, NoSecretMeansNotConfigured) {
  auto result = VerifyWebhookSignature("", kPayload, "t=1,v1=00", At(1));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace starry::marketplace

// Access tokens: round trip, and every way a token must be refused (alg none, RS256, tampered
// payload or signature, expired by a test clock, unknown role, malformed shapes).
#include "marketplace/token_signer.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "marketplace/base64url.h"

namespace starry::marketplace {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "0123456789abcdef0123456789abcdef";

struct TestClock {
  TimePoint now = TimePoint(std::chrono::seconds(1'800'000'000));
  Clock clock() {
    return [this] { return now; };
  }
};

Principal Alice() {
  return Principal{"6f1c2c4e-8a39-4d4e-9c1e-0f8a2b3c4d5e", "alice@example.com", Role::kCelebrity};
}

std::string Hs256(std::string_view key, std::string_view input) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

// A token built by hand: header and claims as given, signed with HS256 under `key`.
std::string Forge(const std::string& header, const std::string& claims,
                  std::string_view key = kSecret) {
  std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(claims);
  return input + "." + Hs256(key, input);
}

std::string Claims(int64_t iat, int64_t exp, const std::string& role = "user") {
  return R"({"sub":"6f1c2c4e-8a39-4d4e-9c1e-0f8a2b3c4d5e","email":"a@example.com","role":")" +
         role + R"(","iat":)" + std::to_string(iat) + R"(,"exp":)" + std::to_string(exp) + "}";
}

void ExpectRefused(const TokenSigner& signer, const std::string& token, const char* why) {
  auto p = signer.VerifyAccessToken(token);
  ASSERT_FALSE(p) << why;
  EXPECT_EQ(p.error().code, ErrorCode::kUnauthenticated) << why;
}

TEST(TokenSignerTest, IssuedTokensVerifyToTheSamePrincipal) {
  TestClock t;
  TokenSigner signer(kSecret, t.clock());
  auto token = signer.IssueAccessToken(Alice());
  auto p = signer.VerifyAccessToken(token);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->user_id, Alice().user_id);
  EXPECT_EQ(p->email, "alice@example.com");
  EXPECT_EQ(p->role, Role::kCelebrity);
  // The claims are the documented ones, in plain base64url JSON.
  auto dot = token.find('.');
  auto claims = Base64UrlDecode(token.substr(dot + 1, token.rfind('.') - dot - 1));
  ASSERT_TRUE(claims);
  EXPECT_NE(claims->find(R"("iat":1800000000)"), std::string::npos) << *claims;
  EXPECT_NE(claims->find(R"("exp":1800000900)"), std::string::npos) << *claims;
  EXPECT_EQ(*Base64UrlDecode(token.substr(0, dot)), R"({"alg":"HS256","typ":"JWT"})");
}

TEST(TokenSignerTest, ExpiresWithTheTestClock) {
  TestClock t;
  TokenSigner signer(kSecret, t.clock());
  auto token = signer.IssueAccessToken(Alice(), 60s);
  t.now += 59s;
  EXPECT_TRUE(signer.VerifyAccessToken(token));
  t.now += 1s;
  ExpectRefused(signer, token, "expired at exp");
  EXPECT_NE(signer.VerifyAccessToken(token).error().message.find("expired"), std::string::npos);
}

TEST(TokenSignerTest, RefusesOtherAlgorithms) {
  TestClock t;
  TokenSigner signer(kSecret, t.clock());
  int64_t now = 1'800'000'000;
  std::string claims = Claims(now, now + 600);
  // alg none, with and without a signature.
  std::string none =
      Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." + Base64UrlEncode(claims) + ".";
  ExpectRefused(signer, none, "alg none, empty signature");
  ExpectRefused(signer, Forge(R"({"alg":"none"})", claims), "alg none, HS256 signature");
  // RS256 (the classic key-confusion attack signs with the public key as an HMAC secret).
  ExpectRefused(signer, Forge(R"({"alg":"RS256","typ":"JWT"})", claims), "RS256");
  ExpectRefused(signer, Forge(R"({"alg":"HS512","typ":"JWT"})", claims), "HS512");
  ExpectRefused(signer, Forge(R"({"alg":"hs256","typ":"JWT"})", claims), "lower-case alg");
  ExpectRefused(signer, Forge(R"({"typ":"JWT"})", claims), "no alg");
  ExpectRefused(signer, Forge(R"({"alg":["HS256"]})", claims), "alg not a string");
  ExpectRefused(signer, Forge(R"({"alg":"HS256","crit":["exp"]})", claims), "crit");
  // The same claims with the right header pass: the refusals above are about the header.
  EXPECT_TRUE(signer.VerifyAccessToken(Forge(R"({"alg":"HS256","typ":"JWT"})", claims)));
}

TEST(TokenSignerTest, RefusesTamperedTokens) {
  TestClock t;
  TokenSigner signer(kSecret, t.clock());
  auto token = signer.IssueAccessToken(Principal{Alice().user_id, "a@example.com", Role::kUser});
  auto d1 = token.find('.');
  auto d2 = token.rfind('.');
  // Payload swapped for one claiming admin, signature kept.
  std::string admin_claims = *Base64UrlDecode(token.substr(d1 + 1, d2 - d1 - 1));
  admin_claims.replace(admin_claims.find(R"("role":"user")"), 13, R"("role":"admin")");
  ExpectRefused(signer, token.substr(0, d1 + 1) + Base64UrlEncode(admin_claims) + token.substr(d2),
                "tampered payload");
  // One signature character flipped; signature dropped; signed with another key.
  std::string flipped = token;
  flipped[d2 + 5] = flipped[d2 + 5] == 'A' ? 'B' : 'A';
  ExpectRefused(signer, flipped, "flipped signature");
  ExpectRefused(signer, token.substr(0, d2 + 1), "no signature");
  ExpectRefused(signer, token.substr(0, d2), "two parts");
  TokenSigner other(std::string(kSecret) + "x", t.clock());
  ExpectRefused(other, token, "another key");
  TokenSigner keyless("", t.clock());
  ExpectRefused(keyless, token, "no key");
  ExpectRefused(keyless, Forge(R"({"alg":"HS256"})", Claims(1'800'000'000, 1'800'000'600), ""),
                "signed with the empty key");
}

TEST(TokenSignerTest, RefusesBadClaimsAndShapes) {
  TestClock t;
  TokenSigner signer(kSecret, t.clock());
  int64_t now = 1'800'000'000;
  const std::string header = R"({"alg":"HS256","typ":"JWT"})";
  ExpectRefused(signer, Forge(header, Claims(now, now + 60, "superuser")), "unknown role");
  ExpectRefused(signer, Forge(header, Claims(now, now + 60, "Admin")), "role case");
  ExpectRefused(signer, Forge(header, Claims(now + 3600, now + 7200)), "issued in the future");
  ExpectRefused(signer, Forge(header, R"({"sub":"x","email":"a@b.c","role":"user","iat":1})"),
                "no exp");
  ExpectRefused(signer,
                Forge(header, R"({"sub":"x","email":"a@b.c","role":"user","iat":1,"exp":"9e9"})"),
                "exp not a number");
  ExpectRefused(
      signer, Forge(header, R"({"sub":1,"email":"a@b.c","role":"user","iat":1,"exp":9999999999})"),
      "sub not a string");
  ExpectRefused(signer, Forge(header, "[1,2]"), "claims not an object");
  ExpectRefused(signer, Forge(header, "{"), "claims not JSON");
  ExpectRefused(signer, Forge("nope", Claims(now, now + 60)), "header not JSON");
  for (const char* s : {"", ".", "..", "...", "a.b.c", "a.b.c.d", "e30.e30.", "!!.??.**"}) {
    ExpectRefused(signer, s, s);
  }
  ExpectRefused(signer, std::string(5000, 'a'), "huge");
  std::string good = Forge(header, Claims(now, now + 60));
  EXPECT_TRUE(signer.VerifyAccessToken(good));
  ExpectRefused(signer, good + "=", "padding");
  ExpectRefused(signer, " " + good, "leading space");
}

TEST(Base64UrlTest, RoundTripsAndIsStrict) {
  for (std::string s : std::initializer_list<std::string>{"", "f", "fo", "foo", "foob", "fooba",
                                                          "foobar", std::string("\xff\xfe\0", 3)}) {
    auto decoded = Base64UrlDecode(Base64UrlEncode(s));
    ASSERT_TRUE(decoded) << s;
    EXPECT_EQ(*decoded, s);
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(Base64UrlDecode("Zm9v="));  // padding
  EXPECT_FALSE(Base64UrlDecode("Zm+v"));   // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("Z"));      // impossible length
  EXPECT_FALSE(Base64UrlDecode("Zh"));     // non-zero leftover bits ("Zg" is canonical)
  EXPECT_EQ(*Base64UrlDecode("Zg"), "f");
}

}  // namespace
}  // namespace starry::marketplace

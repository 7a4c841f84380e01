#include "connectors/consent/consent_token.h"

#include <gtest/gtest.h>

namespace smecredit::connectors {
namespace {

constexpr int64_t kNow = 1'790'000'000;
constexpr std::string_view kSecret = "test-secret";

ConsentClaims claims() {
  return {"E0000001", {"tax", "invoices"}, "credit_assessment", kNow + 600};
}

TEST(ConsentTokenTest, MintedTokenVerifiesForItsEnterpriseAndScopes) {
  const std::string token = mint_consent_token(kSecret, claims()).value();
  const auto verified = verify_consent_token(kSecret, token, kNow, "E0000001", "invoices");
  ASSERT_TRUE(verified.ok()) << verified.error().to_string();
  EXPECT_EQ(verified.value().purpose, "credit_assessment");
  EXPECT_EQ(verified.value().scopes.size(), 2u);
  EXPECT_EQ(verified.value().expires_unix, kNow + 600);
}

TEST(ConsentTokenTest, RefusesExpiredOtherEnterpriseAndOtherScope) {
  const std::string token = mint_consent_token(kSecret, claims()).value();
  EXPECT_EQ(verify_consent_token(kSecret, token, kNow + 600, "E0000001", "tax").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(verify_consent_token(kSecret, token, kNow, "E0000002", "tax").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(verify_consent_token(kSecret, token, kNow, "E0000001", "judicial").error().code,
            ErrorCode::kPermissionDenied);
}

TEST(ConsentTokenTest, RefusesTamperedForgedAndMalformedTokens) {
  const std::string token = mint_consent_token(kSecret, claims()).value();
  EXPECT_EQ(verify_consent_token("other-secret", token, kNow, "E0000001", "tax").error().code,
            ErrorCode::kUnauthenticated);
  std::string tampered = token;
  tampered[5] = tampered[5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(verify_consent_token(kSecret, tampered, kNow, "E0000001", "tax").error().code,
            ErrorCode::kUnauthenticated);
  for (const char* bad : {"", "v1.", "v2.abc.def", "v1.abc", "v1.!!.??", "garbage"}) {
    const auto result = verify_consent_token(kSecret, bad, kNow, "E0000001", "tax");
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated) << bad;
    EXPECT_EQ(result.error().message.find(kSecret), std::string::npos);
  }
}

TEST(ConsentTokenTest, ClaimsAreValidatedBeforeMinting) {
  ConsentClaims bad = claims();
  bad.scopes = {"everything"};
  EXPECT_FALSE(mint_consent_token(kSecret, bad).ok());
  bad = claims();
  bad.enterprise_id = "E1|tax";
  EXPECT_FALSE(mint_consent_token(kSecret, bad).ok());
  bad = claims();
  bad.scopes.clear();
  EXPECT_FALSE(mint_consent_token(kSecret, bad).ok());
}

}  // namespace
}  // namespace smecredit::connectors

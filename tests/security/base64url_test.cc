#include "security/base64url.h"

#include <gtest/gtest.h>

#include "../support/prng.h"
#include "security/random.h"

namespace smecredit::security {
namespace {

// RFC 4648 §10 vectors, without padding.
TEST(Base64UrlTest, EncodesTheRfcVectors) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
}

TEST(Base64UrlTest, RejectsWhatIsNotCanonicalBase64Url) {
  EXPECT_FALSE(base64url_decode("Zg==").ok());  // padding
  EXPECT_FALSE(base64url_decode("Z").ok());     // impossible length
  EXPECT_FALSE(base64url_decode("Zh").ok());    // non-zero trailing bits
  EXPECT_FALSE(base64url_decode("Zm+v").ok());  // standard alphabet
  EXPECT_EQ(base64url_decode("-_8").value(), "\xfb\xff");
}

TEST(Base64UrlTest, RoundTripsRandomBytes) {
  smecredit::testing::Prng prng(7);
  for (int i = 0; i < 500; ++i) {
    std::string bytes(static_cast<size_t>(prng.between(0, 64)), '\0');
    for (char& c : bytes) c = static_cast<char>(prng.between(0, 255));
    EXPECT_EQ(base64url_decode(base64url_encode(bytes)).value(), bytes);
  }
}

TEST(Base64UrlTest, RandomTokensAreDistinctAndUrlSafe) {
  const std::string a = random_token(32);
  const std::string b = random_token(32);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_of("+/="), std::string::npos);
}

}  // namespace
}  // namespace smecredit::security

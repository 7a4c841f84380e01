#include "security/sealed.h"

#include <gtest/gtest.h>

namespace smecredit::security {
namespace {

constexpr std::string_view kKey =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

TEST(SealedTest, OpensWhatItSealed) {
  const DataSealer sealer = DataSealer::from_hex(kKey).value();
  const std::string sealed = sealer.seal("张三 110101199003071234", "enterprise:1:legal_rep");
  EXPECT_EQ(sealed.find("张三"), std::string::npos);
  EXPECT_EQ(sealer.open(sealed, "enterprise:1:legal_rep").value(), "张三 110101199003071234");
}

TEST(SealedTest, SealingTwiceGivesDifferentCiphertexts) {
  const DataSealer sealer = DataSealer::from_hex(kKey).value();
  EXPECT_NE(sealer.seal("same", "a"), sealer.seal("same", "a"));
}

TEST(SealedTest, WrongPlaceWrongKeyOrTamperingFailsAuthentication) {
  const DataSealer sealer = DataSealer::from_hex(kKey).value();
  const std::string sealed = sealer.seal("13800138000", "enterprise:1:phone");
  EXPECT_EQ(sealer.open(sealed, "enterprise:2:phone").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(DataSealer::random().open(sealed, "enterprise:1:phone").error().code,
            ErrorCode::kPermissionDenied);
  std::string tampered = sealed;
  tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(sealer.open(tampered, "enterprise:1:phone").ok());
  EXPECT_EQ(sealer.open("bm90IHNlYWxlZA", "x").error().code, ErrorCode::kInvalidArgument);
}

TEST(SealedTest, EmptyPlaintextRoundTrips) {
  const DataSealer sealer = DataSealer::random();
  EXPECT_EQ(sealer.open(sealer.seal("", "x"), "x").value(), "");
}

TEST(SealedTest, KeyMustBe64HexDigits) {
  EXPECT_FALSE(DataSealer::from_hex("abcd").ok());
  EXPECT_FALSE(DataSealer::from_hex(std::string(64, 'g')).ok());
}

}  // namespace
}  // namespace smecredit::security

#include "core/registry_codes.h"

#include <gtest/gtest.h>

#include "../support/prng.h"

namespace smecredit {
namespace {

// The example in GB 11643-1999 and a widely published enterprise code.
TEST(RegistryCodesTest, AcceptsPublishedExamples) {
  EXPECT_TRUE(validate_resident_id("11010519491231002X").ok());
  EXPECT_TRUE(validate_resident_id("440524188001010014").ok());
  EXPECT_TRUE(validate_uscc("91350100M000100Y43").ok());
  EXPECT_TRUE(validate_uscc("911100001000044477").ok());
}

TEST(RegistryCodesTest, RejectsWrongLengthAlphabetAndCheck) {
  EXPECT_FALSE(validate_uscc("91350100M000100Y4").ok());
  EXPECT_FALSE(validate_uscc("91350100M000100I43").ok());  // I is not in the alphabet
  EXPECT_FALSE(validate_uscc("91350100M000100Y44").ok());
  EXPECT_FALSE(validate_resident_id("110105194912310021").ok());
  EXPECT_FALSE(validate_resident_id("1101051949123100AX").ok());
}

// Property: a generated code validates, and changing any one character to
// another of the alphabet breaks it (the check detects single substitutions).
TEST(RegistryCodesTest, EverySingleSubstitutionIsDetected) {
  constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  smecredit::testing::Prng prng(11);
  for (int round = 0; round < 200; ++round) {
    std::string code;
    for (int i = 0; i < 17; ++i) code.push_back(kAlphabet[prng.between(0, 30)]);
    code.push_back(uscc_check_character(code).value());
    ASSERT_TRUE(validate_uscc(code).ok()) << code;
    const size_t at = static_cast<size_t>(prng.between(0, 16));
    std::string changed = code;
    changed[at] =
        kAlphabet[(kAlphabet.find(code[at]) + static_cast<size_t>(prng.between(1, 30))) % 31];
    EXPECT_FALSE(validate_uscc(changed).ok()) << changed;
  }
}

}  // namespace
}  // namespace smecredit

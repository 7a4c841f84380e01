#include "core/registry_codes.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace smecredit {
namespace {

// Codes printed on public business licences (the first is the example in
// GB 32100-2015 itself).
constexpr const char* kPublishedUscc[] = {
    "91350100M000100Y43", "91440300708461136T", "9144030071526726XG",
    "91110000802100433B", "914403001922038216", "91310000132200821H",
};

// The examples printed in GB 11643-1999 and in textbooks of the standard.
constexpr const char* kPublishedResidentIds[] = {"11010519491231002X", "440524188001010014"};

// A small deterministic generator so the property tests are reproducible.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }

 private:
  uint64_t state_;
};

std::string random_uscc(SplitMix64& rng) {
  std::string body;
  for (int i = 0; i < 17; ++i) {
    const bool digit_only = i >= 2 && i < 8;
    body += digit_only ? static_cast<char>('0' + rng.below(10))
                       : kUsccAlphabet[rng.below(kUsccAlphabet.size())];
  }
  return body + uscc_check_char(body).value();
}

std::string random_resident_id(SplitMix64& rng) {
  std::string body = "110105";
  body += std::to_string(1950 + rng.below(60));
  const int month = static_cast<int>(1 + rng.below(12));
  const int day = static_cast<int>(1 + rng.below(28));
  body += (month < 10 ? "0" : "") + std::to_string(month);
  body += (day < 10 ? "0" : "") + std::to_string(day);
  for (int i = 0; i < 3; ++i) body += static_cast<char>('0' + rng.below(10));
  return body + resident_id_check_char(body).value();
}

TEST(RegistryCodesTest, PublishedUnifiedSocialCreditCodesValidate) {
  for (const char* code : kPublishedUscc) {
    EXPECT_TRUE(validate_uscc(code).ok()) << code;
  }
  EXPECT_EQ(uscc_check_char("91350100M000100Y4").value(), '3');
}

TEST(RegistryCodesTest, PublishedResidentIdsValidate) {
  for (const char* number : kPublishedResidentIds) {
    EXPECT_TRUE(validate_resident_id(number).ok()) << number;
  }
  EXPECT_EQ(resident_id_check_char("11010519491231002").value(), 'X');
}

TEST(RegistryCodesTest, UsccErrorsSayWhatIsWrong) {
  const Status short_code = validate_uscc("91350100M000100Y4");
  ASSERT_FALSE(short_code.ok());
  EXPECT_EQ(short_code.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(short_code.error().message.find("18 characters"), std::string::npos);

  const Status letter_o = validate_uscc("91350100MO00100Y43");
  ASSERT_FALSE(letter_o.ok());
  EXPECT_NE(letter_o.error().message.find("position 10"), std::string::npos);
  EXPECT_NE(letter_o.error().message.find("no I, O, S, V, Z"), std::string::npos);

  const Status lower = validate_uscc("91350100m000100Y43");
  ASSERT_FALSE(lower.ok());
  EXPECT_NE(lower.error().message.find("lower-case"), std::string::npos);

  const Status division = validate_uscc("9135A100M000100Y43");
  ASSERT_FALSE(division.ok());
  EXPECT_NE(division.error().message.find("administrative division"), std::string::npos);

  const Status check = validate_uscc("91350100M000100Y44");
  ASSERT_FALSE(check.ok());
  EXPECT_NE(check.error().message.find("check character"), std::string::npos);
}

TEST(RegistryCodesTest, ResidentIdErrorsSayWhatIsWrongWithoutEchoingTheNumber) {
  const Status lower_x = validate_resident_id("11010519491231002x");
  ASSERT_FALSE(lower_x.ok());
  EXPECT_NE(lower_x.error().message.find("upper-case X"), std::string::npos);

  const Status letter = validate_resident_id("1101051949123A002X");
  ASSERT_FALSE(letter.ok());
  EXPECT_NE(letter.error().message.find("position 14"), std::string::npos);

  const std::string feb30 = [] {
    const std::string body = "11010519490230002";
    return body + resident_id_check_char(body).value();
  }();
  const Status date = validate_resident_id(feb30);
  ASSERT_FALSE(date.ok());
  EXPECT_NE(date.error().message.find("birth day"), std::string::npos);
  EXPECT_EQ(date.error().message.find("110105"), std::string::npos);

  const Status check = validate_resident_id("110105194912310021");
  ASSERT_FALSE(check.ok());
  EXPECT_NE(check.error().message.find("check character"), std::string::npos);

  EXPECT_FALSE(validate_resident_id("").ok());
}

TEST(RegistryCodesTest, GeneratedUsccValidateAndAnySingleChangeFails) {
  SplitMix64 rng(20261122);
  for (int trial = 0; trial < 2000; ++trial) {
    const std::string code = random_uscc(rng);
    ASSERT_TRUE(validate_uscc(code).ok()) << code;
    std::string changed = code;
    const size_t position = rng.below(code.size());
    char replacement = code[position];
    while (replacement == code[position]) {
      replacement = kUsccAlphabet[rng.below(kUsccAlphabet.size())];
    }
    changed[position] = replacement;
    EXPECT_FALSE(validate_uscc(changed).ok()) << code << " -> " << changed;
  }
}

TEST(RegistryCodesTest, GeneratedResidentIdsValidateAndAnySingleChangeFails) {
  SplitMix64 rng(11643);
  constexpr std::string_view kChars = "0123456789X";
  for (int trial = 0; trial < 2000; ++trial) {
    const std::string number = random_resident_id(rng);
    ASSERT_TRUE(validate_resident_id(number).ok()) << number;
    std::string changed = number;
    const size_t position = rng.below(number.size());
    char replacement = number[position];
    while (replacement == number[position] || (position < 17 && replacement == 'X')) {
      replacement = kChars[rng.below(kChars.size())];
    }
    changed[position] = replacement;
    EXPECT_FALSE(validate_resident_id(changed).ok()) << number << " -> " << changed;
  }
}

TEST(RegistryCodesTest, AdjacentTranspositionsOfResidentIdsAreCaught) {
  SplitMix64 rng(7064);
  for (int trial = 0; trial < 500; ++trial) {
    const std::string number = random_resident_id(rng);
    for (size_t i = 0; i + 1 < 17; ++i) {
      if (number[i] == number[i + 1]) continue;
      std::string swapped = number;
      std::swap(swapped[i], swapped[i + 1]);
      EXPECT_FALSE(validate_resident_id(swapped).ok()) << number << " swap at " << i;
    }
  }
}

}  // namespace
}  // namespace smecredit

#include "core/result.h"

#include <gtest/gtest.h>

#include <string>

namespace smecredit {
namespace {

Result<int> half(int n) {
  if (n % 2 != 0) return Error{ErrorCode::kInvalidArgument, "odd"};
  return n / 2;
}

Result<int> quarter(int n) {
  SC_ASSIGN_OR_RETURN(int h, half(n));
  return half(h);
}

TEST(ResultTest, PropagatesErrorsAndValues) {
  EXPECT_EQ(quarter(8).value(), 2);
  EXPECT_EQ(quarter(6).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(quarter(6).error().to_string(), "invalid_argument: odd");
}

TEST(ResultTest, StatusDefaultsToOk) {
  Status ok;
  EXPECT_TRUE(ok.ok());
  Status failed = Error{ErrorCode::kConflict, "stale"};
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(error_code_name(failed.error().code), "conflict");
}

TEST(ResultDeathTest, ValueOfAnErrorAborts) {
  EXPECT_DEATH((void)half(3).value(), "Result misuse");
}

}  // namespace
}  // namespace smecredit

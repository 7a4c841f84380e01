#include "core/business_date.h"

#include <gtest/gtest.h>

namespace smecredit {
namespace {

// Beijing midnight is 16:00 UTC the day before.
TEST(BusinessDateTest, TheDayTurnsAtBeijingMidnight) {
  const Timestamp last_moment = std::chrono::sys_days{std::chrono::year{2026} / 11 / 21} +
                                std::chrono::hours{15} + std::chrono::minutes{59};
  EXPECT_EQ(business_date(last_moment), parse_date("2026-11-21").value());
  EXPECT_EQ(business_date(last_moment + std::chrono::minutes{1}), parse_date("2026-11-22").value());
}

}  // namespace
}  // namespace smecredit

// The business date of an instant. Lending here runs on Beijing time
// (UTC+8, no daylight saving): a repayment at 07:30 UTC on the 1st and one
// at 17:00 UTC on the 1st fall on different business days (the 1st and the
// 2nd). One definition for every part that turns "now" into a value date.
//
// Example:
//   Date today = business_date(clock.now());
#pragma once

#include "core/date.h"

namespace smecredit {

Date business_date(Timestamp instant);

}  // namespace smecredit

// Days-past-due buckets and the five-category loan classification (五级分类).
//
// Both are pure functions of days past due (DPD) and a configuration that is
// data: the defaults are the (buckets 1-30, 31-60, 61-90, 91-180,
// 181+; classes 正常 0, 关注 1-90, 次级 91-180, 可疑 181-360, 损失 over 360).
// A manual override replaces the computed class and must carry a reason.
//
// Thread-safety: values and pure functions.
//
// Example:
//   DpdBucketConfig buckets = default_dpd_buckets();
//   dpd_bucket(45, buckets);                                  // "31-60"
//   classify(200, default_classification_thresholds());       // LoanClass::kDoubtful
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace smecredit::loan {

enum class LoanClass {
  kNormal,          // 正常
  kSpecialMention,  // 关注
  kSubstandard,     // 次级
  kDoubtful,        // 可疑
  kLoss,            // 损失
};

// "normal", "special-mention", "substandard", "doubtful", "loss".
std::string_view loan_class_name(LoanClass loan_class);
// 正常, 关注, 次级, 可疑, 损失.
std::string_view loan_class_chinese(LoanClass loan_class);
// The class named by loan_class_name; kInvalidArgument otherwise.
Result<LoanClass> parse_loan_class(std::string_view name);
inline constexpr LoanClass kAllLoanClasses[] = {LoanClass::kNormal, LoanClass::kSpecialMention,
                                                LoanClass::kSubstandard, LoanClass::kDoubtful,
                                                LoanClass::kLoss};

struct DpdBucket {
  int64_t min_days = 1;
  int64_t max_days = 30;  // inclusive; -1: no upper bound
  std::string label;      // "1-30"
};

// Buckets in ascending order, not overlapping; DPD 0 is "current".
using DpdBucketConfig = std::vector<DpdBucket>;
DpdBucketConfig default_dpd_buckets();
Status validate_dpd_buckets(const DpdBucketConfig& buckets);
// The label of the bucket holding `days`; "current" for 0, "" when no bucket
// covers the days (a gap in a custom configuration).
std::string dpd_bucket(int64_t days, const DpdBucketConfig& buckets);

// The first DPD of each class above normal; ascending.
struct ClassificationThresholds {
  int64_t special_mention_from_days = 1;
  int64_t substandard_from_days = 91;
  int64_t doubtful_from_days = 181;
  int64_t loss_from_days = 361;
};
ClassificationThresholds default_classification_thresholds();
Status validate_thresholds(const ClassificationThresholds& thresholds);
LoanClass classify(int64_t days_past_due, const ClassificationThresholds& thresholds);

}  // namespace smecredit::loan

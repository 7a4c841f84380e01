#include "loan/classification.h"

namespace smecredit::loan {

std::string_view loan_class_name(LoanClass loan_class) {
  switch (loan_class) {
    case LoanClass::kNormal:
      return "normal";
    case LoanClass::kSpecialMention:
      return "special-mention";
    case LoanClass::kSubstandard:
      return "substandard";
    case LoanClass::kDoubtful:
      return "doubtful";
    case LoanClass::kLoss:
      return "loss";
  }
  return "loss";
}

Result<LoanClass> parse_loan_class(std::string_view name) {
  for (const LoanClass c : kAllLoanClasses) {
    if (loan_class_name(c) == name) return c;
  }
  return Error{ErrorCode::kInvalidArgument, "unknown loan class \"" + std::string(name) + "\""};
}

std::string_view loan_class_chinese(LoanClass loan_class) {
  switch (loan_class) {
    case LoanClass::kNormal:
      return "正常";
    case LoanClass::kSpecialMention:
      return "关注";
    case LoanClass::kSubstandard:
      return "次级";
    case LoanClass::kDoubtful:
      return "可疑";
    case LoanClass::kLoss:
      return "损失";
  }
  return "损失";
}

DpdBucketConfig default_dpd_buckets() {
  return {{1, 30, "1-30"},
          {31, 60, "31-60"},
          {61, 90, "61-90"},
          {91, 180, "91-180"},
          {181, -1, "181+"}};
}

Status validate_dpd_buckets(const DpdBucketConfig& buckets) {
  int64_t previous_max = 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    const DpdBucket& b = buckets[i];
    const bool open = b.max_days == -1;
    if (b.min_days <= previous_max || (!open && b.max_days < b.min_days) ||
        (open && i + 1 != buckets.size()) || b.label.empty()) {
      return Error{ErrorCode::kInvalidArgument,
                   "dpd_buckets[" + std::to_string(i) +
                       "]: buckets must ascend without overlap, have labels, and only the last "
                       "may be open"};
    }
    previous_max = open ? b.min_days : b.max_days;
  }
  return ok_status();
}

std::string dpd_bucket(int64_t days, const DpdBucketConfig& buckets) {
  if (days <= 0) return "current";
  for (const DpdBucket& b : buckets) {
    if (days >= b.min_days && (b.max_days == -1 || days <= b.max_days)) return b.label;
  }
  return "";
}

ClassificationThresholds default_classification_thresholds() {
  return {};
}

Status validate_thresholds(const ClassificationThresholds& t) {
  if (t.special_mention_from_days < 1 || t.substandard_from_days <= t.special_mention_from_days ||
      t.doubtful_from_days <= t.substandard_from_days || t.loss_from_days <= t.doubtful_from_days) {
    return Error{ErrorCode::kInvalidArgument,
                 "classification thresholds must ascend strictly from at least 1 day"};
  }
  return ok_status();
}

LoanClass classify(int64_t days_past_due, const ClassificationThresholds& t) {
  if (days_past_due >= t.loss_from_days) return LoanClass::kLoss;
  if (days_past_due >= t.doubtful_from_days) return LoanClass::kDoubtful;
  if (days_past_due >= t.substandard_from_days) return LoanClass::kSubstandard;
  if (days_past_due >= t.special_mention_from_days) return LoanClass::kSpecialMention;
  return LoanClass::kNormal;
}

}  // namespace smecredit::loan

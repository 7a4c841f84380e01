// Relief requests (纾困): a borrower asks for an extension (延期: defer unpaid
// installments and/or lengthen the term), a waiver (减免: forgive fees,
// penalty or interest) or a restructure (重组: arrears capitalised, all
// principal rescheduled at a new rate over a new term); an officer approves
// or declines with a reason.
//
// Stages: pending → approved | declined; deciding anything but a pending
// request is kConflict naming its stage. Approval applies the loan
// transaction (loan::extension / waiver / restructure, dated the decision's business
// date) in the same store transaction as the decision, with its journal
// entry, so an approved request and its effect cannot part. Every change
// writes an event (relief.requested / relief.approved / relief.declined)
// and an audit row.
//
// Example:
//   auto id = request_relief(store, loan_id, {.kind = ReliefKind::kExtension,
//                                             .defer_periods = 2, .reason = "flood"}, who, now);
//   decide_relief(store, id.value(), true, "documents seen", officer, today, now);
//
// Thread-safety: as the Store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/result.h"
#include "loan/product.h"
#include "store/store.h"

namespace smecredit::servicing {

inline constexpr int kMaxReliefPeriods = 12;
inline constexpr size_t kMaxReliefReasonBytes = 1000;

inline constexpr int kMaxRestructureInstallments = 360;

enum class ReliefKind { kExtension, kWaiver, kRestructure };

struct ReliefTerms {
  ReliefKind kind = ReliefKind::kExtension;
  int defer_periods = 0;       // extension: 0..12
  int extra_installments = 0;  // extension: 0..12; one of the two > 0
  loan::Component waiver_component = loan::Component::kPenalty;  // waiver (not principal)
  Money amount = Money();                                        // waiver: > 0
  Decimal new_rate_percent = Decimal();                          // restructure: the new rate
  int new_installments = 0;                                      // restructure: 1..360
  std::string reason = {};                                       // why the borrower asks
};

struct ReliefRecord {
  int64_t id = 0;
  int64_t loan_id = 0;
  std::string terms_json;  // {"kind":…, …}
  std::string stage;       // pending, approved, declined
  std::string requested_by;
  std::string requested_at;
  std::string decided_by;  // empty while pending
  std::string decision_reason;
};

// kInvalidArgument for terms out of range; kNotFound for an unknown loan.
Result<int64_t> request_relief(store::Store& store, int64_t loan_id, const ReliefTerms& terms,
                               std::string_view actor, Timestamp now);

Result<ReliefRecord> decide_relief(store::Store& store, int64_t relief_id, bool approve,
                                   std::string_view reason, std::string_view officer,
                                   Date business_date, Timestamp now);

Result<ReliefRecord> relief(store::Store& store, int64_t relief_id);
// Pending requests, oldest first, at most `limit`.
Result<std::vector<ReliefRecord>> pending_relief(store::Store& store, int64_t limit);

}  // namespace smecredit::servicing

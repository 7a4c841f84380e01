#include "servicing/relief.h"

#include <optional>

#include "loan/servicing.h"
#include "servicing/loan_repository.h"
#include "servicing/loan_service.h"
#include "store/outbox.h"

namespace smecredit::servicing {

namespace {

constexpr std::string_view kColumns =
    "id, loan_id, terms, stage, requested_by, requested_at, decided_by, decision_reason";

Status check_terms(const ReliefTerms& t) {
  if (t.reason.empty() || t.reason.size() > kMaxReliefReasonBytes) {
    return Error{ErrorCode::kInvalidArgument, "reason: 1 to 1000 bytes"};
  }
  if (t.kind == ReliefKind::kExtension) {
    const bool in_range = t.defer_periods >= 0 && t.defer_periods <= kMaxReliefPeriods &&
                          t.extra_installments >= 0 && t.extra_installments <= kMaxReliefPeriods;
    if (!in_range || t.defer_periods + t.extra_installments == 0) {
      return Error{ErrorCode::kInvalidArgument,
                   "an extension defers 0-12 periods and/or adds 0-12 installments, not neither"};
    }
    return ok_status();
  }
  if (t.kind == ReliefKind::kRestructure) {
    const Decimal rate = t.new_rate_percent.normalized();
    if (t.new_installments < 1 || t.new_installments > kMaxRestructureInstallments ||
        rate.is_negative() || rate.scale() > loan::kMaxRateFractionDigits ||
        rate > Decimal::from_int(loan::kMaxAnnualRatePercent)) {
      return Error{ErrorCode::kInvalidArgument,
                   "a restructure needs new_installments 1-360 and new_rate_percent 0-100"};
    }
    return ok_status();
  }
  if (t.waiver_component == loan::Component::kPrincipal) {
    return Error{ErrorCode::kInvalidArgument, "component: principal cannot be waived"};
  }
  if (!t.amount.is_positive()) return Error{ErrorCode::kInvalidArgument, "amount: must be > 0"};
  return ok_status();
}

std::string terms_json(const ReliefTerms& t) {
  if (t.kind == ReliefKind::kExtension) {
    return R"({"kind":"extension","defer_periods":)" + std::to_string(t.defer_periods) +
           R"(,"extra_installments":)" + std::to_string(t.extra_installments) + "}";
  }
  if (t.kind == ReliefKind::kRestructure) {
    return R"({"kind":"restructure","new_rate_percent":")" +
           t.new_rate_percent.normalized().to_string() + R"(","new_installments":)" +
           std::to_string(t.new_installments) + "}";
  }
  return R"({"kind":"waiver","component":")" +
         std::string(loan::component_name(t.waiver_component)) + R"(","amount":")" +
         t.amount.to_string() + R"("})";
}

ReliefRecord record_of(const store::Row& row) {
  return {row.integer(0),
          row.integer(1),
          row.text(2),
          row.text(3),
          row.text(4),
          row.text(5),
          row.is_null(6) ? "" : row.text(6),
          row.is_null(7) ? "" : row.text(7)};
}

Result<ReliefRecord> load(store::Transaction& tx, int64_t relief_id) {
  SC_ASSIGN_OR_RETURN(store::Rows rows, tx.query("SELECT " + std::string(kColumns) +
                                                     " FROM relief_requests WHERE id = ?",
                                                 {relief_id}));
  if (rows.empty()) return Error{ErrorCode::kNotFound, "no such relief request"};
  return record_of(rows[0]);
}

// The loan transaction an approved request applies.
Result<loan::LoanTransaction> transaction_for(store::Transaction& tx, const ReliefRecord& r,
                                              Date date) {
  SC_ASSIGN_OR_RETURN(const StoredLoan loan, load_loan(tx, r.loan_id));
  const int64_t id = next_transaction_id(loan);
  const int64_t sequence = next_sequence(loan);
  // The terms were validated and written by request_relief; read them back.
  const auto number_after = [&](std::string_view key) -> int64_t {
    const size_t at = r.terms_json.find(key);
    return at == std::string::npos ? 0 : std::stoll(r.terms_json.substr(at + key.size()));
  };
  if (r.terms_json.find(R"("kind":"extension")") != std::string::npos) {
    return loan::extension(id, sequence, date,
                           static_cast<int>(number_after(R"("defer_periods":)")),
                           static_cast<int>(number_after(R"("extra_installments":)")));
  }
  const auto text_after = [&](std::string_view key) {
    const size_t at = r.terms_json.find(key) + key.size();
    return r.terms_json.substr(at, r.terms_json.find('"', at) - at);
  };
  if (r.terms_json.find(R"("kind":"restructure")") != std::string::npos) {
    SC_ASSIGN_OR_RETURN(const Decimal rate, Decimal::parse(text_after(R"("new_rate_percent":")")));
    return loan::restructure(id, sequence, date, rate,
                             static_cast<int>(number_after(R"("new_installments":)")));
  }
  SC_ASSIGN_OR_RETURN(const loan::Component component,
                      loan::parse_component(text_after(R"("component":")")));
  SC_ASSIGN_OR_RETURN(const Money amount,
                      Money::parse(text_after(R"("amount":")"), loan.terms.product.currency));
  return loan::waiver(id, sequence, date, component, amount);
}

}  // namespace

Result<int64_t> request_relief(store::Store& store, int64_t loan_id, const ReliefTerms& terms,
                               std::string_view actor, Timestamp now) {
  SC_RETURN_IF_ERROR(check_terms(terms));
  int64_t id = 0;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        SC_RETURN_IF_ERROR(load_loan(tx, loan_id));
        SC_ASSIGN_OR_RETURN(
            store::Rows rows,
            tx.query("INSERT INTO relief_requests (loan_id, terms, reason, stage, requested_by,"
                     " requested_at, decided_by, decided_at, decision_reason)"
                     " VALUES (?, ?, ?, 'pending', ?, ?, NULL, NULL, NULL) RETURNING id",
                     {loan_id, terms_json(terms), terms.reason, std::string(actor),
                      format_timestamp(now)}));
        if (rows.empty()) return Error{ErrorCode::kInternal, "INSERT returned no id"};
        id = rows[0].integer(0);
        const std::string after = R"({"id":)" + std::to_string(id) + R"(,"loan_id":)" +
                                  std::to_string(loan_id) + R"(,"stage":"pending","terms":)" +
                                  terms_json(terms) + "}";
        SC_RETURN_IF_ERROR(store::append_event(
            tx, {"relief", std::to_string(id), "relief.requested", after}, now));
        return store::append_audit(
            tx, {std::string(actor), "relief.request", "relief:" + std::to_string(id), "", after},
            now);
      }));
  return id;
}

Result<ReliefRecord> decide_relief(store::Store& store, int64_t relief_id, bool approve,
                                   std::string_view reason, std::string_view officer,
                                   Date business_date, Timestamp now) {
  if (reason.empty() || reason.size() > kMaxReliefReasonBytes) {
    return Error{ErrorCode::kInvalidArgument, "reason: 1 to 1000 bytes"};
  }
  std::optional<ReliefRecord> out;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(ReliefRecord r, load(tx, relief_id));
        if (r.stage != "pending") {
          return Error{ErrorCode::kConflict,
                       "the relief request is " + r.stage + "; only a pending one can be decided"};
        }
        if (approve) {
          SC_ASSIGN_OR_RETURN(const loan::LoanTransaction t, transaction_for(tx, r, business_date));
          SC_RETURN_IF_ERROR(apply_transaction_in(tx, r.loan_id, t, now));
        }
        const std::string before = R"({"stage":"pending"})";
        r.stage = approve ? "approved" : "declined";
        r.decided_by = std::string(officer);
        r.decision_reason = std::string(reason);
        SC_RETURN_IF_ERROR(tx.execute(
            "UPDATE relief_requests SET stage = ?, decided_by = ?, decided_at = ?, decision_reason "
            "= ?"
            " WHERE id = ? AND stage = 'pending'",
            {r.stage, r.decided_by, format_timestamp(now), r.decision_reason, relief_id}));
        const std::string after =
            R"({"stage":")" + r.stage + R"(","loan_id":)" + std::to_string(r.loan_id) + "}";
        SC_RETURN_IF_ERROR(store::append_event(
            tx, {"relief", std::to_string(relief_id), "relief." + r.stage, after}, now));
        SC_RETURN_IF_ERROR(store::append_audit(
            tx,
            {r.decided_by, "relief.decide", "relief:" + std::to_string(relief_id), before, after},
            now));
        out = std::move(r);
        return ok_status();
      }));
  return std::move(*out);
}

Result<ReliefRecord> relief(store::Store& store, int64_t relief_id) {
  std::optional<ReliefRecord> out;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(out, load(tx, relief_id));
        return ok_status();
      }));
  return std::move(*out);
}

Result<std::vector<ReliefRecord>> pending_relief(store::Store& store, int64_t limit) {
  std::vector<ReliefRecord> out;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(store::Rows rows,
                            tx.query("SELECT " + std::string(kColumns) +
                                         " FROM relief_requests WHERE stage = 'pending'"
                                         " ORDER BY id LIMIT ?",
                                     {limit}));
        for (const store::Row& row : rows) out.push_back(record_of(row));
        return ok_status();
      }));
  return out;
}

}  // namespace smecredit::servicing

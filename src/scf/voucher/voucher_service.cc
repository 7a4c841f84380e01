#include "scf/voucher/voucher_service.h"

#include <type_traits>
#include <variant>

#include "ledger/journal_store.h"
#include "scf/voucher/operation_codec.h"
#include "scf/voucher/voucher_postings.h"

namespace smecredit::scf {

namespace {

std::string signature_key(const Signature& signature) {
  return std::string(signature.begin(), signature.end());
}

Result<SignedOperation> parse_entry(const Entry& entry, uint64_t index) {
  const std::string_view text(reinterpret_cast<const char*>(entry.data()), entry.size());
  auto parsed = parse_signed_operation(text);
  if (!parsed.ok()) {
    return Error{ErrorCode::kFailedPrecondition,
                 "log entry " + std::to_string(index) +
                     " is not a valid voucher operation: " + parsed.error().message};
  }
  return parsed;
}

Status apply_entry(VoucherBook& book, const SignedOperation& op, uint64_t index) {
  const Status applied = book.apply(op);
  if (!applied.ok()) {
    return Error{ErrorCode::kFailedPrecondition,
                 "log entry " + std::to_string(index) +
                     " is not a valid voucher operation: " + applied.error().message};
  }
  return ok_status();
}

// Vouchers with a recorded payment not yet used, by voucher.
Result<std::map<std::string, std::string>> unsettled_funds(store::Store& store) {
  std::map<std::string, std::string> funds;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(store::Rows rows,
                            tx.query("SELECT voucher, reference FROM scf_settlement_funds"
                                     " WHERE settled_by_index IS NULL",
                                     {}));
        for (const store::Row& row : rows) funds.emplace(row.text(0), row.text(1));
        return ok_status();
      }));
  return funds;
}

}  // namespace

Result<VoucherBook> replay_entries(const std::vector<Entry>& entries,
                                   const PublicKey& platform_key) {
  VoucherBook book(platform_key);
  for (uint64_t i = 0; i < entries.size(); ++i) {
    SC_ASSIGN_OR_RETURN(const SignedOperation op, parse_entry(entries[i], i));
    SC_RETURN_IF_ERROR(apply_entry(book, op, i));
  }
  return book;
}

Result<std::unique_ptr<VoucherService>> VoucherService::open(DurableLog& log, store::Store& store,
                                                             const PublicKey& platform_key) {
  auto service = std::unique_ptr<VoucherService>(new VoucherService(log, store, platform_key));
  std::lock_guard lock(service->mutex_);
  SC_RETURN_IF_ERROR(service->replay());
  return service;
}

Status VoucherService::replay() {
  book_ = VoucherBook(platform_key_);
  index_by_signature_.clear();
  history_.clear();
  const uint64_t size = log_.size();
  for (uint64_t i = 0; i < size; ++i) {
    SC_ASSIGN_OR_RETURN(const Entry entry, log_.entry(i));
    SC_ASSIGN_OR_RETURN(const SignedOperation op, parse_entry(entry, i));
    SC_RETURN_IF_ERROR(apply_entry(book_, op, i));
    index_by_signature_[signature_key(op.signature)] = i;
    note_history(op.operation, i);
  }
  return ok_status();
}

Result<Submitted> VoucherService::submit(const SignedOperation& signed_operation, Timestamp now) {
  std::lock_guard lock(mutex_);
  return submit_locked(signed_operation, now, "");
}

Result<Submitted> VoucherService::submit_locked(const SignedOperation& signed_operation,
                                                Timestamp now, const std::string& funds_reference) {
  const std::string text = signed_operation_entry(signed_operation);
  const std::string key = signature_key(signed_operation.signature);
  if (const auto seen = index_by_signature_.find(key); seen != index_by_signature_.end()) {
    SC_ASSIGN_OR_RETURN(const Entry stored, log_.entry(seen->second));
    if (std::string_view(reinterpret_cast<const char*>(stored.data()), stored.size()) == text) {
      return Submitted{seen->second, true};
    }
  }
  SC_RETURN_IF_ERROR(book_.apply(signed_operation));
  const Entry entry(text.begin(), text.end());
  auto index = log_.append(
      std::span<const Entry>(&entry, 1), now,
      [&](store::Transaction& tx, uint64_t first_index) -> Status {
        SC_ASSIGN_OR_RETURN(const auto journal,
                            voucher_journal_entry(book_, signed_operation.operation, first_index));
        if (journal) SC_RETURN_IF_ERROR(ledger::post_entry(tx, *journal, now));
        if (funds_reference.empty()) return ok_status();
        SC_ASSIGN_OR_RETURN(const int64_t marked,
                            tx.execute("UPDATE scf_settlement_funds SET settled_by_index = ?"
                                       " WHERE reference = ? AND settled_by_index IS NULL",
                                       {static_cast<int64_t>(first_index), funds_reference}));
        if (marked != 1) return Error{ErrorCode::kConflict, "the payment was already used"};
        return ok_status();
      });
  if (!index.ok()) {
    const Status rebuilt = replay();  // drop the operation the log did not take
    if (!rebuilt.ok()) return rebuilt.error();
    return index.error();
  }
  index_by_signature_[key] = index.value();
  note_history(signed_operation.operation, index.value());
  return Submitted{index.value(), false};
}

void VoucherService::note_history(const Operation& operation, uint64_t index) {
  const auto voucher_of_piece = [&](const std::string& piece) {
    const auto found = book_.pieces().find(piece);
    return found == book_.pieces().end() ? std::string() : found->second.voucher;
  };
  std::string voucher;
  std::string piece;
  std::visit(
      [&](const auto& op) {
        using Op = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<Op, Issue>) {
          voucher = op.voucher;
          piece = op.voucher;  // the root piece bears the voucher's id
        } else if constexpr (std::is_same_v<Op, Transfer> || std::is_same_v<Op, RequestFinancing> ||
                             std::is_same_v<Op, ApproveFinancing>) {
          voucher = voucher_of_piece(op.piece);
          piece = op.piece;
        } else if constexpr (std::is_same_v<Op, Accept> || std::is_same_v<Op, Settle> ||
                             std::is_same_v<Op, Cancel> || std::is_same_v<Op, MarkOverdue>) {
          voucher = op.voucher;
        }
      },
      operation);
  if (voucher.empty()) return;  // participants and lines are not about a voucher
  const Header& header =
      std::visit([](const auto& op) -> const Header& { return op.header; }, operation);
  history_[voucher].push_back({.index = index,
                               .kind = std::string(operation_kind(operation)),
                               .actor = header.actor,
                               .date = header.date,
                               .piece = piece});
}

std::vector<LoggedOperation> VoucherService::history(const std::string& voucher) const {
  std::lock_guard lock(mutex_);
  const auto found = history_.find(voucher);
  return found == history_.end() ? std::vector<LoggedOperation>{} : found->second;
}

Result<bool> VoucherService::record_settlement_funds(const std::string& voucher, int64_t amount_fen,
                                                     const std::string& reference, Timestamp now) {
  if (reference.empty() || reference.size() > 128) {
    return Error{ErrorCode::kInvalidArgument, "reference: 1 to 128 characters"};
  }
  std::lock_guard lock(mutex_);
  const auto found = book_.vouchers().find(voucher);
  if (found == book_.vouchers().end()) {
    return Error{ErrorCode::kNotFound, "no voucher '" + voucher + "'"};
  }
  if (amount_fen != found->second.amount_fen) {
    return Error{ErrorCode::kInvalidArgument, "amount_fen must be the voucher's face amount, " +
                                                  std::to_string(found->second.amount_fen)};
  }
  bool recorded = false;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(store::Rows same,
                            tx.query("SELECT voucher, amount_fen FROM scf_settlement_funds"
                                     " WHERE reference = ?",
                                     {reference}));
        if (!same.empty()) {
          if (same[0].text(0) == voucher && same[0].integer(1) == amount_fen) return ok_status();
          return Error{ErrorCode::kConflict, "reference already recorded for another payment"};
        }
        const Voucher& v = found->second;
        if (v.settled || v.cancelled) {
          return Error{ErrorCode::kFailedPrecondition, "voucher '" + voucher + "' is closed"};
        }
        SC_ASSIGN_OR_RETURN(
            store::Rows other,
            tx.query("SELECT reference FROM scf_settlement_funds WHERE voucher = ?", {voucher}));
        if (!other.empty()) {
          return Error{ErrorCode::kConflict, "voucher '" + voucher + "' already has its payment (" +
                                                 other[0].text(0) + ")"};
        }
        SC_RETURN_IF_ERROR(tx.execute(
            "INSERT INTO scf_settlement_funds (reference, voucher, amount_fen, received_at)"
            " VALUES (?, ?, ?, ?)",
            {reference, voucher, amount_fen, format_timestamp(now)}));
        recorded = true;
        return ok_status();
      }));
  return recorded;
}

Result<SettlementRun> VoucherService::settle_due(Date date, const SigningKey& platform_key,
                                                 Timestamp now) {
  if (platform_key.public_key() != platform_key_) {
    return Error{ErrorCode::kPermissionDenied, "not the platform key this book trusts"};
  }
  std::lock_guard lock(mutex_);
  SC_ASSIGN_OR_RETURN(const auto funds, unsettled_funds(store_));
  std::vector<std::string> due;
  for (const auto& [id, v] : book_.vouchers()) {
    if (v.accepted && !v.settled && !v.cancelled && v.maturity <= date) due.push_back(id);
  }
  SettlementRun run;
  const Header by_platform{kPlatformId, date};
  for (const std::string& id : due) {
    const Voucher& v = book_.vouchers().at(id);
    const auto paid = funds.find(id);
    Operation op;
    if (paid != funds.end()) {
      op = Settle{by_platform, id, paid->second};
    } else if (date > v.maturity && !v.overdue_since) {
      op = MarkOverdue{by_platform, id};
    } else {
      continue;
    }
    SC_ASSIGN_OR_RETURN(const SignedOperation signed_op, sign_operation(platform_key, op));
    SC_RETURN_IF_ERROR(
        submit_locked(signed_op, now, paid != funds.end() ? paid->second : std::string()));
    (paid != funds.end() ? run.settled : run.marked_overdue) += 1;
  }
  return run;
}

void VoucherService::read(const std::function<void(const VoucherBook&)>& read) const {
  std::lock_guard lock(mutex_);
  read(book_);
}

}  // namespace smecredit::scf

#include "scf/voucher/voucher_postings.h"

namespace smecredit::scf {

namespace {

using ledger::Account;
using ledger::Posting;
using ledger::Side;

bool financed(const Piece& piece) {
  return piece.financing.has_value() && piece.financing->approved;
}

// Adds a posting when the amount is not zero (entries hold positive amounts).
void add(std::vector<Posting>& postings, Account account, Side side, int64_t fen) {
  if (fen > 0) postings.push_back({account, side, Money::from_minor_units(fen, kCny)});
}

Result<std::optional<ledger::JournalEntry>> entry(const std::string& voucher, uint64_t log_index,
                                                  const char* kind, Date date,
                                                  std::vector<Posting> postings) {
  if (postings.empty()) return std::optional<ledger::JournalEntry>();
  SC_ASSIGN_OR_RETURN(ledger::JournalEntry made,
                      ledger::make_entry("voucher:" + voucher, "scf:" + std::to_string(log_index),
                                         kind, date, std::move(postings)));
  return std::optional<ledger::JournalEntry>(std::move(made));
}

Result<std::optional<ledger::JournalEntry>> financing_entry(const VoucherBook& book,
                                                            const ApproveFinancing& op,
                                                            uint64_t log_index) {
  const Piece& piece = book.pieces().at(op.piece);
  const Financing& f = *piece.financing;
  std::vector<Posting> postings;
  add(postings, Account::kVoucherReceivable, Side::kDebit, piece.amount_fen);
  add(postings, Account::kDisbursementClearing, Side::kCredit, f.net_proceeds_fen);
  add(postings, Account::kUnearnedDiscount, Side::kCredit, f.discount_fen);
  add(postings, Account::kFeeIncome, Side::kCredit, f.fee_fen);
  return entry(piece.voucher, log_index, "voucher_financing", op.header.date, std::move(postings));
}

Result<std::optional<ledger::JournalEntry>> overdue_entry(const VoucherBook& book,
                                                          const MarkOverdue& op,
                                                          uint64_t log_index) {
  int64_t financed_fen = 0;
  for (const Piece* piece : book.lineage(op.voucher)) {
    if (piece->status == PieceStatus::kHeld && financed(*piece)) financed_fen += piece->amount_fen;
  }
  std::vector<Posting> postings;
  add(postings, Account::kVoucherReceivableOverdue, Side::kDebit, financed_fen);
  add(postings, Account::kVoucherReceivable, Side::kCredit, financed_fen);
  return entry(op.voucher, log_index, "voucher_overdue", op.header.date, std::move(postings));
}

Result<std::optional<ledger::JournalEntry>> settlement_entry(const VoucherBook& book,
                                                             const Settle& op, uint64_t log_index) {
  const Voucher& v = book.vouchers().at(op.voucher);
  int64_t financed_fen = 0;
  int64_t passed_on_fen = 0;
  int64_t discount_fen = 0;
  for (const Piece* piece : book.lineage(op.voucher)) {
    if (piece->status != PieceStatus::kSettled) continue;
    if (financed(*piece)) {
      financed_fen += piece->amount_fen;
      discount_fen += piece->financing->discount_fen;
    } else {
      passed_on_fen += piece->amount_fen;
    }
  }
  std::vector<Posting> postings;
  add(postings, Account::kRepaymentClearing, Side::kDebit, v.amount_fen);
  add(postings, v.overdue_since ? Account::kVoucherReceivableOverdue : Account::kVoucherReceivable,
      Side::kCredit, financed_fen);
  add(postings, Account::kDisbursementClearing, Side::kCredit, passed_on_fen);
  add(postings, Account::kUnearnedDiscount, Side::kDebit, discount_fen);
  add(postings, Account::kDiscountIncome, Side::kCredit, discount_fen);
  return entry(op.voucher, log_index, "voucher_settlement", op.header.date, std::move(postings));
}

}  // namespace

Result<std::optional<ledger::JournalEntry>> voucher_journal_entry(const VoucherBook& book,
                                                                  const Operation& operation,
                                                                  uint64_t log_index) {
  if (const auto* op = std::get_if<ApproveFinancing>(&operation)) {
    return financing_entry(book, *op, log_index);
  }
  if (const auto* op = std::get_if<MarkOverdue>(&operation)) {
    return overdue_entry(book, *op, log_index);
  }
  if (const auto* op = std::get_if<Settle>(&operation)) {
    return settlement_entry(book, *op, log_index);
  }
  return std::optional<ledger::JournalEntry>();
}

VoucherLedgerExpectation expected_voucher_ledger(const VoucherBook& book,
                                                 const std::string& voucher) {
  VoucherLedgerExpectation expected;
  const auto found = book.vouchers().find(voucher);
  if (found == book.vouchers().end() || found->second.settled || found->second.cancelled) {
    return expected;
  }
  for (const Piece* piece : book.lineage(voucher)) {
    if (piece->status != PieceStatus::kHeld || !financed(*piece)) continue;
    (found->second.overdue_since ? expected.overdue_receivable_fen : expected.receivable_fen) +=
        piece->amount_fen;
    expected.unearned_discount_fen += piece->financing->discount_fen;
  }
  return expected;
}

}  // namespace smecredit::scf

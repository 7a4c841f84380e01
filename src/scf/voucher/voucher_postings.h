// The money side of vouchers: the double-entry journal entry each applied
// operation posts, from the funders' point of view (the lender running the
// platform and any other funder on it keep their books in one journal).
//
//   approve_financing  Dr voucher_receivable      face of the piece
//                      Cr disbursement_clearing   net proceeds, paid to the seller
//                      Cr unearned_discount       discount (earned at settlement)
//                      Cr fee_income              fee
//   mark_overdue       Dr voucher_receivable_overdue / Cr voucher_receivable
//                                                 face of the financed pieces
//   settle             Dr repayment_clearing      the core's payment, the face amount
//                      Cr voucher_receivable[_overdue]  financed pieces
//                      Cr disbursement_clearing   unfinanced pieces, paid on to holders
//                      Dr unearned_discount / Cr discount_income
//
// Every other operation moves no money and posts nothing. Entries go to the
// subledger "voucher:<id>" with source_ref "scf:<log index>", so posting is
// idempotent per log entry and replaying the log reproduces the journal.
//
// Pure: no I/O. Thread-safety: free functions over a book the caller holds.
//
// Example:
//   SC_RETURN_IF_ERROR(book.apply(op));
//   auto entry = voucher_journal_entry(book, op.operation, index);
//   if (entry.ok() && entry.value()) post_entry(tx, *entry.value(), now);
#pragma once

#include <cstdint>
#include <optional>

#include "ledger/journal.h"
#include "scf/voucher/voucher_book.h"

namespace smecredit::scf {

// The entry `operation` posts, given `book` just after it was applied; no
// entry for operations that move no money.
Result<std::optional<ledger::JournalEntry>> voucher_journal_entry(const VoucherBook& book,
                                                                  const Operation& operation,
                                                                  uint64_t log_index);

// What a voucher's subledger must hold for the book's state: the face of
// financed, unsettled pieces (current and overdue) and their unearned
// discount. For the sub-ledger check and the property tests.
struct VoucherLedgerExpectation {
  int64_t receivable_fen = 0;
  int64_t overdue_receivable_fen = 0;
  int64_t unearned_discount_fen = 0;
};
VoucherLedgerExpectation expected_voucher_ledger(const VoucherBook& book,
                                                 const std::string& voucher);

}  // namespace smecredit::scf

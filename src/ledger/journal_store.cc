#include "ledger/journal_store.h"

#include <map>

namespace smecredit::ledger {

namespace {

using store::Rows;
using store::Transaction;
using store::Value;

std::string_view side_name(Side side) {
  return side == Side::kDebit ? "debit" : "credit";
}

Result<Side> parse_side(std::string_view text) {
  if (text == "debit") return Side::kDebit;
  if (text == "credit") return Side::kCredit;
  return Error{ErrorCode::kInternal, "journal holds an unknown side"};
}

bool same_content(const JournalEntry& a, const JournalEntry& b) {
  if (a.subledger != b.subledger || a.kind != b.kind || a.value_date != b.value_date ||
      a.reverses != b.reverses || a.postings.size() != b.postings.size()) {
    return false;
  }
  for (size_t i = 0; i < a.postings.size(); ++i) {
    const Posting& p = a.postings[i];
    const Posting& q = b.postings[i];
    if (p.account != q.account || p.side != q.side || !(p.amount == q.amount)) return false;
  }
  return true;
}

// Rebuilds entries from rows of (entry id, subledger, source_ref, kind,
// value_date, currency, reverses, line, account, side, amount_minor) ordered
// by entry id then line.
Result<std::vector<JournalEntry>> entries_from_rows(const Rows& rows) {
  std::vector<JournalEntry> entries;
  int64_t current_id = -1;
  for (const store::Row& row : rows) {
    if (row.integer(0) != current_id) {
      current_id = row.integer(0);
      SC_ASSIGN_OR_RETURN(Date value_date, parse_date(row.text(4)));
      JournalEntry entry{row.text(1), row.text(2), row.text(3), value_date, {}, std::nullopt};
      if (!row.is_null(6)) entry.reverses = row.text(6);
      entries.push_back(std::move(entry));
    }
    SC_ASSIGN_OR_RETURN(Currency currency, find_currency(row.text(5)));
    SC_ASSIGN_OR_RETURN(Account account, parse_account(row.text(8)));
    SC_ASSIGN_OR_RETURN(Side side, parse_side(row.text(9)));
    entries.back().postings.push_back(
        Posting{account, side, Money::from_minor_units(row.integer(10), currency)});
  }
  return entries;
}

constexpr std::string_view kSelectEntries =
    "SELECT e.id, e.subledger, e.source_ref, e.kind, e.value_date, e.currency, e.reverses,"
    " p.line, p.account, p.side, p.amount_minor"
    " FROM journal_entries e JOIN journal_postings p ON p.entry_id = e.id";

Result<std::vector<JournalEntry>> load_by_source_ref(Transaction& tx, const std::string& ref) {
  SC_ASSIGN_OR_RETURN(Rows rows, tx.query(std::string(kSelectEntries) +
                                              " WHERE e.source_ref = ? ORDER BY e.id, p.line",
                                          {ref}));
  return entries_from_rows(rows);
}

}  // namespace

Result<bool> post_entry(Transaction& tx, const JournalEntry& entry, Timestamp booked_at) {
  SC_ASSIGN_OR_RETURN(std::vector<JournalEntry> existing, load_by_source_ref(tx, entry.source_ref));
  if (!existing.empty()) {
    if (same_content(existing.front(), entry)) return false;
    return Error{ErrorCode::kConflict,
                 "a different journal entry was already posted under this source reference"};
  }
  const Currency currency = entry.postings.front().amount.currency();
  const Value reverses = entry.reverses ? Value{*entry.reverses} : Value{std::monostate{}};
  SC_ASSIGN_OR_RETURN(
      Rows inserted,
      tx.query("INSERT INTO journal_entries"
               " (subledger, source_ref, kind, value_date, currency, reverses, booked_at)"
               " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
               {entry.subledger, entry.source_ref, entry.kind, format_date(entry.value_date),
                std::string(currency.code), reverses, format_timestamp(booked_at)}));
  const int64_t entry_id = inserted.at(0).integer(0);
  for (size_t line = 0; line < entry.postings.size(); ++line) {
    const Posting& p = entry.postings[line];
    SC_RETURN_IF_ERROR(
        tx.execute("INSERT INTO journal_postings (entry_id, line, account, side, amount_minor)"
                   " VALUES (?, ?, ?, ?, ?)",
                   {entry_id, static_cast<int64_t>(line), std::string(account_name(p.account)),
                    std::string(side_name(p.side)), p.amount.minor_units()}));
  }
  return true;
}

Result<std::vector<JournalEntry>> load_entries(Transaction& tx, std::string_view subledger) {
  SC_ASSIGN_OR_RETURN(Rows rows, tx.query(std::string(kSelectEntries) +
                                              " WHERE e.subledger = ? ORDER BY e.id, p.line",
                                          {std::string(subledger)}));
  return entries_from_rows(rows);
}

Result<TrialBalance> load_trial_balance(Transaction& tx, Date as_of, Currency currency) {
  SC_ASSIGN_OR_RETURN(
      Rows rows, tx.query("SELECT p.account, p.side, SUM(p.amount_minor)"
                          " FROM journal_entries e JOIN journal_postings p ON p.entry_id = e.id"
                          " WHERE e.value_date <= ? AND e.currency = ?"
                          " GROUP BY p.account, p.side ORDER BY p.account, p.side",
                          {format_date(as_of), std::string(currency.code)}));
  // One synthetic entry per row keeps the fold in one place (TrialBalance::add).
  TrialBalance balance(currency);
  for (const store::Row& row : rows) {
    SC_ASSIGN_OR_RETURN(Account account, parse_account(row.text(0)));
    SC_ASSIGN_OR_RETURN(Side side, parse_side(row.text(1)));
    JournalEntry total{"",
                       "",
                       "",
                       as_of,
                       {Posting{account, side, Money::from_minor_units(row.integer(2), currency)}},
                       std::nullopt};
    SC_RETURN_IF_ERROR(balance.add(total));
  }
  return balance;
}

}  // namespace smecredit::ledger

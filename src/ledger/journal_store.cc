#include "ledger/journal_store.h"

#include <map>
#include <string_view>
#include <unordered_map>

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

const std::vector<std::string_view> kPostingColumns = {"entry_id", "line", "account", "side",
                                                       "amount_minor"};

void add_posting_values(int64_t entry_id, const JournalEntry& entry, std::vector<Value>& out) {
  for (size_t line = 0; line < entry.postings.size(); ++line) {
    const Posting& p = entry.postings[line];
    out.insert(out.end(),
               {entry_id, static_cast<int64_t>(line), std::string(account_name(p.account)),
                std::string(side_name(p.side)), p.amount.minor_units()});
  }
}

Result<std::vector<JournalEntry>> load_by_source_ref(Transaction& tx, const std::string& ref) {
  SC_ASSIGN_OR_RETURN(Rows rows, tx.query(std::string(kSelectEntries) +
                                              " WHERE e.source_ref = ? ORDER BY e.id, p.line",
                                          {ref}));
  return entries_from_rows(rows);
}

}  // namespace

// Inserts first and compares only on a clash, so the usual post costs no
// read: the UNIQUE source_ref makes posting idempotent.
Result<bool> post_entry(Transaction& tx, const JournalEntry& entry, Timestamp booked_at) {
  const Currency currency = entry.postings.front().amount.currency();
  const Value reverses = entry.reverses ? Value{*entry.reverses} : Value{std::monostate{}};
  SC_ASSIGN_OR_RETURN(
      Rows inserted,
      tx.query("INSERT INTO journal_entries"
               " (subledger, source_ref, kind, value_date, currency, reverses, booked_at)"
               " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_ref) DO NOTHING RETURNING id",
               {entry.subledger, entry.source_ref, entry.kind, format_date(entry.value_date),
                std::string(currency.code), reverses, format_timestamp(booked_at)}));
  if (inserted.empty()) {
    SC_ASSIGN_OR_RETURN(std::vector<JournalEntry> existing,
                        load_by_source_ref(tx, entry.source_ref));
    if (!existing.empty() && same_content(existing.front(), entry)) return false;
    return Error{ErrorCode::kConflict,
                 "a different journal entry was already posted under this source reference"};
  }
  const int64_t entry_id = inserted.at(0).integer(0);
  std::vector<Value> postings;
  add_posting_values(entry_id, entry, postings);
  SC_RETURN_IF_ERROR(
      store::insert_rows(tx, "journal_postings", kPostingColumns, std::move(postings)));
  return true;
}

Result<int64_t> post_entries(Transaction& tx, const std::vector<JournalEntry>& entries,
                             Timestamp booked_at) {
  const std::string booked = format_timestamp(booked_at);
  std::vector<Value> values;
  values.reserve(entries.size() * 7);
  for (const JournalEntry& e : entries) {
    values.insert(values.end(),
                  {e.subledger, e.source_ref, e.kind, format_date(e.value_date),
                   std::string(e.postings.front().amount.currency().code),
                   e.reverses ? Value{*e.reverses} : Value{std::monostate{}}, booked});
  }
  SC_ASSIGN_OR_RETURN(
      const Rows inserted,
      store::insert_rows(
          tx, "journal_entries",
          {"subledger", "source_ref", "kind", "value_date", "currency", "reverses", "booked_at"},
          std::move(values), "ON CONFLICT (source_ref) DO NOTHING RETURNING id, source_ref"));
  std::unordered_map<std::string_view, int64_t> id_of;
  for (const store::Row& row : inserted) id_of.emplace(row.text(1), row.integer(0));
  std::vector<Value> postings;
  for (const JournalEntry& e : entries) {
    const auto id = id_of.find(e.source_ref);
    if (id != id_of.end()) {
      add_posting_values(id->second, e, postings);
      continue;
    }
    SC_ASSIGN_OR_RETURN(std::vector<JournalEntry> existing, load_by_source_ref(tx, e.source_ref));
    if (existing.empty() || !same_content(existing.front(), e)) {
      return Error{ErrorCode::kConflict,
                   "a different journal entry was already posted under " + e.source_ref};
    }
  }
  SC_RETURN_IF_ERROR(
      store::insert_rows(tx, "journal_postings", kPostingColumns, std::move(postings)));
  return static_cast<int64_t>(id_of.size());
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

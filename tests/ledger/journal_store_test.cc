#include "ledger/journal_store.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/temp_dir.h"

namespace smecredit::ledger {
namespace {

const Timestamp kNow{std::chrono::seconds{1'700'000'000}};

Money fen(int64_t n) {
  return Money::from_minor_units(n, kCny);
}
Date day(const char* text) {
  return parse_date(text).value();
}

class JournalStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::SqliteStore::open({.path = dir_.file("j.db")}).value();
    ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations(), kNow).ok());
  }

  Result<bool> post(const JournalEntry& entry) {
    bool posted = false;
    Status s = store_->transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
      SC_ASSIGN_OR_RETURN(posted, post_entry(tx, entry, kNow));
      return ok_status();
    });
    if (!s.ok()) return s.error();
    return posted;
  }

  template <class F>
  Status read(F&& f) {
    return store_->transact(store::TxMode::kReadOnly, std::forward<F>(f));
  }

  testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
};

JournalEntry repayment(const char* ref, int64_t principal_fen, int64_t interest_fen) {
  return make_entry("loan:L1", ref, "repayment", day("2024-02-29"),
                    {{Account::kRepaymentClearing, Side::kDebit, fen(principal_fen + interest_fen)},
                     {Account::kPrincipalReceivable, Side::kCredit, fen(principal_fen)},
                     {Account::kInterestReceivable, Side::kCredit, fen(interest_fen)}})
      .value();
}

TEST_F(JournalStoreTest, RoundTripsEntries) {
  const JournalEntry e = repayment("rep:1", 25500, 5000);
  ASSERT_TRUE(post(e).value());
  std::vector<JournalEntry> loaded;
  ASSERT_TRUE(read([&](store::Transaction& tx) -> Status {
                SC_ASSIGN_OR_RETURN(loaded, load_entries(tx, "loan:L1"));
                return ok_status();
              }).ok());
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].source_ref, "rep:1");
  EXPECT_EQ(loaded[0].value_date, day("2024-02-29"));
  ASSERT_EQ(loaded[0].postings.size(), 3u);
  EXPECT_EQ(loaded[0].postings[2].account, Account::kInterestReceivable);
  EXPECT_EQ(loaded[0].postings[2].amount, fen(5000));
}

TEST_F(JournalStoreTest, RepostingIsIdempotentAndConflictsAreRefused) {
  ASSERT_TRUE(post(repayment("rep:1", 100, 10)).value());
  EXPECT_FALSE(post(repayment("rep:1", 100, 10)).value());
  const auto different = post(repayment("rep:1", 100, 11));
  ASSERT_FALSE(different.ok());
  EXPECT_EQ(different.error().code, ErrorCode::kConflict);
}

TEST_F(JournalStoreTest, PostEntriesWritesABatchAndKeepsTheSameContract) {
  std::vector<JournalEntry> batch;
  for (int i = 0; i < 450; ++i) {
    batch.push_back(repayment(("rep:" + std::to_string(i)).c_str(), 100 + i, 7));
  }
  auto posted = [&](const std::vector<JournalEntry>& entries) -> Result<int64_t> {
    int64_t written = 0;
    Status s = store_->transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
      SC_ASSIGN_OR_RETURN(written, post_entries(tx, entries, kNow));
      return ok_status();
    });
    if (!s.ok()) return s.error();
    return written;
  };
  EXPECT_EQ(posted(batch).value(), 450);
  // Again: nothing new; the same entries are not duplicated.
  EXPECT_EQ(posted(batch).value(), 0);
  std::vector<JournalEntry> loaded;
  ASSERT_TRUE(read([&](store::Transaction& tx) -> Status {
                SC_ASSIGN_OR_RETURN(loaded, load_entries(tx, "loan:L1"));
                return ok_status();
              }).ok());
  ASSERT_EQ(loaded.size(), 450u);
  EXPECT_EQ(loaded[449].source_ref, "rep:449");
  EXPECT_EQ(loaded[449].postings[1].amount, fen(549));
  // A different entry under a used reference fails the whole batch.
  const auto conflict = posted({repayment("rep:new", 1, 1), repayment("rep:3", 1, 1)});
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(post(repayment("rep:new", 1, 1)).value());  // the failed batch wrote nothing
}

TEST_F(JournalStoreTest, TheJournalIsAppendOnly) {
  ASSERT_TRUE(post(repayment("rep:1", 100, 10)).value());
  const Status update = store_->transact(store::TxMode::kReadWrite, [](store::Transaction& tx) {
    return Status(tx.execute("UPDATE journal_postings SET amount_minor = 1", {}).ok()
                      ? ok_status()
                      : Error{ErrorCode::kFailedPrecondition, "refused"});
  });
  EXPECT_FALSE(update.ok());
  const Status remove = store_->transact(store::TxMode::kReadWrite, [](store::Transaction& tx) {
    return Status(tx.execute("DELETE FROM journal_entries", {}).ok()
                      ? ok_status()
                      : Error{ErrorCode::kFailedPrecondition, "refused"});
  });
  EXPECT_FALSE(remove.ok());
}

TEST_F(JournalStoreTest, DatabaseTrialBalanceEqualsThePureFold) {
  std::vector<JournalEntry> entries;
  entries.push_back(make_entry("loan:L1", "disb:L1", "disbursement", day("2024-01-31"),
                               {{Account::kPrincipalReceivable, Side::kDebit, fen(500000)},
                                {Account::kDisbursementClearing, Side::kCredit, fen(500000)}})
                        .value());
  entries.push_back(repayment("rep:1", 25500, 5000));
  entries.push_back(reversal_of(entries.back(), "rev:rep:1", day("2024-03-01")));
  for (const auto& e : entries) ASSERT_TRUE(post(e).value());

  for (const char* as_of : {"2024-01-31", "2024-02-29", "2024-03-01"}) {
    const TrialBalance expected = trial_balance(entries, day(as_of), kCny).value();
    TrialBalance actual(kCny);
    ASSERT_TRUE(read([&](store::Transaction& tx) -> Status {
                  SC_ASSIGN_OR_RETURN(actual, load_trial_balance(tx, day(as_of), kCny));
                  return ok_status();
                }).ok());
    EXPECT_TRUE(actual.balanced());
    for (Account a : kAllAccounts) {
      EXPECT_EQ(actual.balance(a).debits, expected.balance(a).debits) << account_name(a);
      EXPECT_EQ(actual.balance(a).credits, expected.balance(a).credits) << account_name(a);
    }
  }
}

}  // namespace
}  // namespace smecredit::ledger

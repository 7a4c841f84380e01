// Migration 14 on a book written before it: a loan whose terms carry their
// product inline and whose accruals were posted one by one to its own
// subledger reads, checks and posts the same afterwards, beside the accruals
// the end of day now keeps as sub-ledger rows.
#include <gtest/gtest.h>

#include "ledger/journal_store.h"
#include "servicing/eod.h"
#include "servicing/loan_json.h"
#include "servicing/loan_service.h"
#include "servicing/posting_rules.h"
#include "tests/servicing/fixtures.h"

namespace smecredit::servicing {
namespace {

using testing_support::day;
using testing_support::kNow;
using testing_support::terms_12m;
using testing_support::yuan;

class AccrualMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::SqliteStore::open({.path = dir_.file("s.db")}).value();
    ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations().first(13), kNow).ok());
  }

  int64_t count(const std::string& sql) { return smecredit::testing::count_rows(*store_, sql); }

  Status exec(store::Transaction& tx, const std::string& sql, const std::vector<store::Value>& v) {
    SC_ASSIGN_OR_RETURN(const int64_t changed, tx.execute(sql, v));
    return store::expect_one_row_changed(changed, sql);
  }

  // Loan 1 as the code before migration 14 wrote it: disbursed 2024-01-01,
  // the first installment repaid, accruals on 2024-02-03 and 2024-02-04,
  // every transaction's entry on the loan's subledger.
  void write_old_book() {
    const loan::LoanTerms terms = terms_12m();
    const std::vector<loan::LoanTransaction> transactions = {
        loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
        loan::repayment(2, 2, day("2024-02-01"), yuan("1066.19")),
        loan::accrual(3, 3, day("2024-02-03")), loan::accrual(4, 4, day("2024-02-04"))};
    const loan::LoanState state = loan::replay(terms, transactions, day("2024-02-04")).value();
    const Status written =
        store_->transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
          SC_RETURN_IF_ERROR(exec(tx,
                                  "INSERT INTO loans (id, external_id, product_code,"
                                  " product_version, terms, status, days_past_due, loan_class,"
                                  " row_version, created_at) VALUES (1, 'OLD-1', ?, 1, ?,"
                                  " 'active', 0, 'normal', 1, 'x')",
                                  {terms.product.code, terms_to_json(terms)}));
          for (const loan::LoanTransaction& t : transactions) {
            if (t.kind == loan::TransactionKind::kAccrual) {
              SC_RETURN_IF_ERROR(exec(tx,
                                      "INSERT INTO loan_accruals (loan_id, id, sequence,"
                                      " value_date, recorded_at) VALUES (1, ?, ?, ?, 'x')",
                                      {t.id, t.sequence, format_date(t.value_date)}));
            } else {
              SC_RETURN_IF_ERROR(
                  exec(tx,
                       "INSERT INTO loan_transactions (loan_id, id, sequence, kind,"
                       " value_date, payload, recorded_at) VALUES"
                       " (1, ?, ?, ?, ?, ?, 'x')",
                       {t.id, t.sequence, std::string(loan::transaction_kind_name(t.kind)),
                        format_date(t.value_date), transaction_payload_to_json(t)}));
            }
          }
          for (const loan::AccountingSummary& s : state.summaries) {
            SC_ASSIGN_OR_RETURN(const std::optional<ledger::JournalEntry> entry,
                                entry_for(1, s, kCny));
            if (entry.has_value()) SC_RETURN_IF_ERROR(ledger::post_entry(tx, *entry, kNow));
          }
          return ok_status();
        });
    ASSERT_TRUE(written.ok()) << written.error().message;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
};

TEST_F(AccrualMigrationTest, AnOldLoanReadsChecksAndAccruesTheSameAfterIt) {
  write_old_book();
  ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations(), kNow).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_accruals WHERE currency IS NULL"), 2);
  EXPECT_EQ(count("SELECT id FROM loan_accrual_heads WHERE loan_id = 1"), 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_terms WHERE product_id IS NULL"), 1);

  const Status read =
      store_->transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(const StoredLoan loan, load_loan(tx, 1));
        EXPECT_EQ(loan.transactions.size(), 4u);
        EXPECT_EQ(loan.terms.product.code, "SME-CREDIT-12M");
        EXPECT_EQ(loan.terms.principal, yuan("12000.00"));
        return ok_status();
      });
  ASSERT_TRUE(read.ok()) << read.error().message;
  Status same = check_subledger(*store_, 1, day("2024-02-04"));
  EXPECT_TRUE(same.ok()) << same.error().message;

  // The end of day continues from the latest old accrual...
  const Result<EodReport> eod = run_eod(*store_, day("2024-02-06"), kNow);
  ASSERT_TRUE(eod.ok()) << eod.error().message;
  EXPECT_EQ(eod.value().accruals_posted, 1);
  EXPECT_EQ(count("SELECT id FROM loan_accrual_heads WHERE loan_id = 1"), 5);
  same = check_subledger(*store_, 1, day("2024-02-06"));
  EXPECT_TRUE(same.ok()) << same.error().message;

  // ...and a backdated payment re-posts across old and new accruals alike.
  ASSERT_TRUE(apply_transaction(*store_, 1,
                                loan::prepayment(6, 6, day("2024-02-02"), yuan("500.00"), false),
                                kNow)
                  .ok());
  for (const char* as_of : {"2024-02-02", "2024-02-04", "2024-02-06"}) {
    same = check_subledger(*store_, 1, day(as_of));
    EXPECT_TRUE(same.ok()) << as_of << ": " << same.error().message;
  }
}

TEST_F(AccrualMigrationTest, NewLoansStoreTheirProductOnce) {
  ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations(), kNow).ok());
  const Status created =
      store_->transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        for (const char* id : {"A", "B", "C"}) {
          SC_ASSIGN_OR_RETURN(const int64_t created_id, create_loan(tx, id, terms_12m(), kNow));
          EXPECT_GT(created_id, 0);
        }
        loan::LoanTerms other = terms_12m();
        other.product.version = 2;
        SC_ASSIGN_OR_RETURN(const int64_t last_id, create_loan(tx, "D", other, kNow));
        EXPECT_EQ(last_id, 4);
        return ok_status();
      });
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_products"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_terms WHERE terms LIKE '%product%'"), 0);
  const Status read =
      store_->transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(const StoredLoan loan, load_loan(tx, 4));
        EXPECT_EQ(loan.terms.product.version, 2);
        EXPECT_EQ(loan.terms.product.penalty_multiplier, terms_12m().product.penalty_multiplier);
        return ok_status();
      });
  EXPECT_TRUE(read.ok()) << read.error().message;
}

}  // namespace
}  // namespace smecredit::servicing

#include "servicing/eod.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "ledger/journal_store.h"
#include "servicing/loan_repository.h"
#include "servicing/loan_service.h"
#include "servicing/posting_rules.h"
#include "tests/servicing/fixtures.h"

namespace smecredit::servicing {
namespace {

EodOptions chunked(int64_t chunk_size, int64_t max_chunks = -1) {
  EodOptions options;
  options.chunk_size = chunk_size;
  options.max_chunks = max_chunks;
  return options;
}

using testing_support::day;
using testing_support::kNow;
using testing_support::terms_12m;
using testing_support::yuan;

constexpr int kLoans = 7;  // even ids repay on time, odd ids are overdue

class EodTest : public testing_support::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (int i = 1; i <= kLoans; ++i) {
      int64_t id = 0;
      ASSERT_TRUE(store_
                      ->transact(store::TxMode::kReadWrite,
                                 [&](store::Transaction& tx) -> Status {
                                   SC_ASSIGN_OR_RETURN(id, create_loan(tx, "L-" + std::to_string(i),
                                                                       terms_12m(), kNow));
                                   return ok_status();
                                 })
                      .ok());
      ASSERT_TRUE(apply_transaction(*store_, id,
                                    loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                    kNow)
                      .ok());
      if (id % 2 == 0) {
        ASSERT_TRUE(apply_transaction(*store_, id,
                                      loan::repayment(2, 2, day("2024-02-01"), yuan("1066.19")),
                                      kNow)
                        .ok());
      }
    }
  }

  std::string snapshot() {
    std::string out;
    for (const char* table : {"loan_transactions", "loan_accruals", "journal_entries",
                              "journal_postings", "events", "eod_cursor"}) {
      out += std::string(table) + "=" +
             std::to_string(count(std::string("SELECT COUNT(*) FROM ") + table)) + " ";
    }
    out += "row_versions=" + std::to_string(count("SELECT SUM(row_version) FROM loans"));
    out += " penalty=" + std::to_string(penalty_receivable_minor());
    return out;
  }

  int64_t penalty_receivable_minor() {
    int64_t net = 0;
    EXPECT_TRUE(store_
                    ->transact(store::TxMode::kReadOnly,
                               [&](store::Transaction& tx) -> Status {
                                 SC_ASSIGN_OR_RETURN(
                                     const ledger::TrialBalance tb,
                                     ledger::load_trial_balance(tx, day("2099-01-01"), kCny));
                                 EXPECT_TRUE(tb.balanced());
                                 SC_ASSIGN_OR_RETURN(
                                     const Money m,
                                     tb.balance(ledger::Account::kPenaltyReceivable).net());
                                 net = m.minor_units();
                                 return ok_status();
                               })
                    .ok());
    return net;
  }

  // The loan's journal balance of `account` as of `as_of`, debit positive.
  int64_t loan_balance(int64_t loan_id, ledger::Account account, Date as_of) {
    int64_t net = 0;
    EXPECT_TRUE(store_
                    ->transact(store::TxMode::kReadOnly,
                               [&](store::Transaction& tx) -> Status {
                                 SC_ASSIGN_OR_RETURN(const StoredLoan loan, load_loan(tx, loan_id));
                                 SC_ASSIGN_OR_RETURN(
                                     const std::vector<ledger::JournalEntry> entries,
                                     load_loan_ledger(tx, loan));
                                 SC_ASSIGN_OR_RETURN(const ledger::TrialBalance tb,
                                                     ledger::trial_balance(entries, as_of, kCny));
                                 SC_ASSIGN_OR_RETURN(const Money m, tb.balance(account).net());
                                 net = m.minor_units();
                                 return ok_status();
                               })
                    .ok());
    return net;
  }

  Status accrual_control(Date date) {
    return store_->transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) {
      return check_accrual_control(tx, date);
    });
  }

  void expect_subledgers(Date as_of) {
    for (int64_t id = 1; id <= kLoans; ++id) {
      const Status s = check_subledger(*store_, id, as_of);
      EXPECT_TRUE(s.ok()) << s.error().message;
    }
  }
};

TEST_F(EodTest, AccruesPenaltyOnOverdueLoansAndASecondRunChangesNothing) {
  auto first = run_eod(*store_, day("2024-02-05"), kNow, chunked(3));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first.value().loans_processed, kLoans);
  EXPECT_EQ(first.value().accruals_posted, kLoans);  // interest accrues on every loan
  EXPECT_EQ(count("SELECT COUNT(*) FROM loans WHERE days_past_due = 4"), 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM loans WHERE loan_class = 'special-mention'"), 4);
  EXPECT_GT(penalty_receivable_minor(), 0);
  expect_subledgers(day("2024-02-05"));
  const std::string before = snapshot();
  auto second = run_eod(*store_, day("2024-02-05"), kNow);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.value().loans_processed, 0);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(EodTest, CatchesUpMissedDatesInOrder) {
  ASSERT_TRUE(run_eod(*store_, day("2024-02-05"), kNow).ok());
  auto r = run_eod(*store_, day("2024-02-08"), kNow);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r.value().dates_completed.size(), 3u);
  EXPECT_EQ(r.value().dates_completed[0], day("2024-02-06"));
  EXPECT_EQ(r.value().dates_completed[2], day("2024-02-08"));
  EXPECT_EQ(r.value().loans_processed, 3 * kLoans);
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_accruals"), 4 * kLoans);
  EXPECT_EQ(count("SELECT COUNT(*) FROM loans WHERE days_past_due = 7"), 4);
  expect_subledgers(day("2024-02-08"));
}

TEST_F(EodTest, AnOverdueLoanCountsItsDaysEveryDayButSignalsOnlyANewBucket) {
  ASSERT_TRUE(run_eod(*store_, day("2024-02-05"), kNow).ok());
  ASSERT_TRUE(run_eod(*store_, day("2024-03-03"), kNow).ok());
  // Odd loans fell due 2024-02-01 and are 31 days past due on 2024-03-03.
  EXPECT_EQ(count("SELECT COUNT(*) FROM loans WHERE days_past_due = 31"), 4);
  // One event each on entering 1-30 (with the class), one on entering
  // 31-60; the even loans missed their second installment on 2024-03-01 and
  // entered 1-30 on 2024-03-02.
  EXPECT_EQ(count("SELECT COUNT(*) FROM events WHERE event_type = 'loan.eod'"), 4 * 2 + 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM events WHERE event_type = 'loan.eod' AND payload LIKE"
                  " '%\"business_date\":\"2024-03-03\",%\"days_past_due\":31%'"),
            4);
}

TEST_F(EodTest, ResumesAfterAnInterruptionWithoutRepeatingOrSkippingALoan) {
  auto partial = run_eod(*store_, day("2024-02-05"), kNow, chunked(2, 2));
  ASSERT_TRUE(partial.ok());
  EXPECT_TRUE(partial.value().stopped_early);
  EXPECT_EQ(partial.value().loans_processed, 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM eod_runs"), 0);
  auto rest = run_eod(*store_, day("2024-02-05"), kNow, chunked(2));
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest.value().loans_processed, kLoans - 4);
  EXPECT_EQ(count("SELECT loans_done FROM eod_cursor WHERE business_date = '2024-02-05'"), kLoans);
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT loan_id FROM loan_accruals"
                  " GROUP BY loan_id HAVING COUNT(*) = 1)"),
            kLoans);
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_accruals"), kLoans);
  expect_subledgers(day("2024-02-05"));
}

TEST_F(EodTest, ALoanChangedWhileItsChunkWasPreparedIsFoldedAgain) {
  // Chunks of 2: while chunk 1 is written, chunk 2 (loans 3 and 4) is
  // already read and folded; a repayment lands on loan 3 in between.
  EodOptions options = chunked(2);
  bool repaid = false;
  options.on_progress = [&](Date, int64_t done, int64_t) {
    if (repaid || done != 2) return;
    repaid = true;
    ASSERT_TRUE(apply_transaction(*store_, 3,
                                  loan::repayment(9, 9, day("2024-02-05"), yuan("1100.00")), kNow)
                    .ok());
  };
  auto r = run_eod(*store_, day("2024-02-05"), kNow, options);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(repaid);
  EXPECT_EQ(r.value().loans_processed, kLoans);
  // Loan 3 was folded again with its repayment: not overdue, and the stale
  // fold's accrual (which would have recognised the penalty of an overdue
  // loan) is not written; the repayment itself recognised everything to the
  // day, so the new fold has nothing left to accrue.
  EXPECT_EQ(count("SELECT days_past_due FROM loans WHERE id = 3"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_accruals WHERE loan_id = 3"), 0);
  expect_subledgers(day("2024-02-05"));
}

TEST_F(EodTest, InterestAccruedDayByDayAddsUpToTheInstallments) {
  ASSERT_TRUE(run_eod(*store_, day("2024-02-02"), kNow).ok());
  auto r = run_eod(*store_, day("2024-03-01"), kNow);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().dates_completed.size(), 28u);
  for (int64_t id = 1; id <= kLoans; ++id) {
    // February's 120.00 and March's 110.54, whatever days they were
    // recognised on.
    EXPECT_EQ(-loan_balance(id, ledger::Account::kInterestIncome, day("2024-03-01")),
              yuan("230.54").minor_units())
        << "loan " << id;
    // Mid-period: 14 of February's 29 days of 110.54 = 53.36.
    EXPECT_EQ(-loan_balance(id, ledger::Account::kInterestIncome, day("2024-02-15")),
              yuan("173.36").minor_units())
        << "loan " << id;
  }
  expect_subledgers(day("2024-02-15"));
  expect_subledgers(day("2024-03-01"));
  // The batch reads each loan's latest accrual only; the loan holds all 29.
  const auto accruals = [](const StoredLoan& loan) {
    return std::count_if(
        loan.transactions.begin(), loan.transactions.end(),
        [](const loan::LoanTransaction& t) { return t.kind == loan::TransactionKind::kAccrual; });
  };
  ASSERT_TRUE(store_
                  ->transact(store::TxMode::kReadOnly,
                             [&](store::Transaction& tx) -> Status {
                               SC_ASSIGN_OR_RETURN(const std::vector<StoredLoan> batch,
                                                   load_active_loans(tx, 0, kLoans));
                               EXPECT_EQ(batch.size(), static_cast<size_t>(kLoans));
                               for (const StoredLoan& loan : batch) {
                                 EXPECT_EQ(accruals(loan), 1) << "loan " << loan.id;
                               }
                               SC_ASSIGN_OR_RETURN(const StoredLoan full, load_loan(tx, 1));
                               EXPECT_EQ(accruals(full), 29);
                               return ok_status();
                             })
                  .ok());
}

TEST_F(EodTest, TheJournalGetsEachChunksAccrualsSummedAndTheControlHolds) {
  ASSERT_TRUE(run_eod(*store_, day("2024-02-05"), kNow, chunked(3)).ok());
  // 7 loans in chunks of 3: three entries, however many loans accrued.
  EXPECT_EQ(count("SELECT COUNT(*) FROM journal_entries WHERE subledger = 'loan-accruals'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM journal_entries WHERE subledger LIKE 'loan:%'"
                  " AND kind = 'accrual'"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM journal_entries WHERE source_ref ="
                  " 'loan-accruals:2024-02-05:1-3:CNY'"),
            1);
  // The rows sum to the entries, account by account...
  const Status control = accrual_control(day("2024-02-05"));
  EXPECT_TRUE(control.ok()) << control.error().message;
  EXPECT_EQ(count("SELECT SUM(interest_minor) FROM loan_accruals"),
            count("SELECT SUM(p.amount_minor) FROM journal_postings p JOIN journal_entries e"
                  " ON e.id = p.entry_id WHERE e.subledger = 'loan-accruals'"
                  " AND p.account = 'interest_income'"));
  // ...and an accrual row the journal does not hold is caught.
  ASSERT_TRUE(store_
                  ->transact(store::TxMode::kReadWrite,
                             [&](store::Transaction& tx) -> Status {
                               SC_ASSIGN_OR_RETURN(
                                   const int64_t changed,
                                   tx.execute("INSERT INTO loan_accruals (value_date, loan_id, id,"
                                              " sequence, currency, interest_minor, fees_minor,"
                                              " penalty_minor, recorded_at) VALUES"
                                              " ('2024-02-05', 1, 99, 99, 'CNY', 1, 0, 0, 'x')",
                                              {}));
                               return store::expect_one_row_changed(changed, "accrual");
                             })
                  .ok());
  const Status broken = accrual_control(day("2024-02-05"));
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(broken.error().message.find("2024-02-05 in CNY"), std::string::npos)
      << broken.error().message;
}

TEST_F(EodTest, ALoansAccrualRowsReadAsTheEntriesTheyStandFor) {
  ASSERT_TRUE(run_eod(*store_, day("2024-02-03"), kNow).ok());
  ASSERT_TRUE(run_eod(*store_, day("2024-02-05"), kNow).ok());
  ASSERT_TRUE(store_
                  ->transact(store::TxMode::kReadOnly,
                             [&](store::Transaction& tx) -> Status {
                               SC_ASSIGN_OR_RETURN(const StoredLoan loan, load_loan(tx, 3));
                               SC_ASSIGN_OR_RETURN(
                                   const loan::LoanState state,
                                   loan::replay(loan.terms, loan.transactions, day("2024-02-05")));
                               SC_ASSIGN_OR_RETURN(const std::vector<ledger::JournalEntry> ledger,
                                                   load_loan_ledger(tx, loan));
                               int accruals = 0;
                               for (const loan::AccountingSummary& s : state.summaries) {
                                 if (s.kind != loan::TransactionKind::kAccrual) continue;
                                 ++accruals;
                                 SC_ASSIGN_OR_RETURN(const std::optional<ledger::JournalEntry> want,
                                                     entry_for(3, s, kCny));
                                 const auto held =
                                     std::find_if(ledger.begin(), ledger.end(), [&](const auto& e) {
                                       return e.source_ref ==
                                              transaction_source_ref(3, s.transaction_id);
                                     });
                                 EXPECT_TRUE(want.has_value());
                                 EXPECT_NE(held, ledger.end());
                                 if (want.has_value() && held != ledger.end()) {
                                   EXPECT_EQ(net_of(*held), net_of(*want));
                                 }
                               }
                               EXPECT_EQ(accruals, 3);
                               return ok_status();
                             })
                  .ok());
}

TEST_F(EodTest, AnAccrualIsAppendedOnlyWithWhatItRecognised) {
  const Status refused = store_->transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) {
    return append_transaction(tx, 1, loan::accrual(5, 5, day("2024-02-03")), kNow);
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_accruals"), 0);
}

}  // namespace
}  // namespace smecredit::servicing

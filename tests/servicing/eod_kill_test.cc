// `smecredit eod` killed with SIGKILL in the middle of a date, then run
// again: every loan is processed for the date exactly once — none twice,
// none skipped — and the journal balances. The real binary, a real kill.
// (Seeding appends the loans' transactions without their journal entries,
// so the test checks what the end of day posts, not the sub-ledgers.)
#include <gtest/gtest.h>

#include <thread>

#include "ledger/journal_store.h"
#include "servicing/eod.h"
#include "tests/servicing/fixtures.h"
#include "tests/support/child_process.h"

namespace smecredit::servicing {
namespace {

using namespace std::chrono_literals;
using testing_support::day;
using testing_support::kNow;
using testing_support::terms_12m;
using testing_support::yuan;

constexpr int64_t kLoans = 20'000;  // every tenth misses its first installment

class EodKillTest : public testing_support::StoreTest {
 protected:
  // All loans in one transaction: seeding is not what is tested.
  void seed() {
    ASSERT_TRUE(
        store_
            ->transact(
                store::TxMode::kReadWrite,
                [&](store::Transaction& tx) -> Status {
                  const loan::LoanTerms terms = terms_12m();
                  for (int64_t n = 0; n < kLoans; ++n) {
                    SC_ASSIGN_OR_RETURN(const int64_t id,
                                        create_loan(tx, "K-" + std::to_string(n), terms, kNow));
                    SC_RETURN_IF_ERROR(append_transaction(
                        tx, id, loan::disbursement(1, 1, terms.start, terms.principal), kNow));
                    if (n % 10 != 0) {
                      SC_RETURN_IF_ERROR(append_transaction(
                          tx, id, loan::repayment(2, 2, terms.first_due, yuan("1066.19")), kNow));
                    }
                    SC_ASSIGN_OR_RETURN(
                        const int64_t changed,
                        tx.execute("UPDATE loans SET status = 'active' WHERE id = ?", {id}));
                    SC_RETURN_IF_ERROR(store::expect_one_row_changed(changed, "loan"));
                  }
                  return ok_status();
                })
            .ok());
  }

  int64_t processed() {
    return count(
        "SELECT COALESCE(MAX(loans_done), 0) FROM eod_cursor WHERE business_date = '2024-02-10'");
  }

  testing::ChildProcess eod(const std::string& name) {
    return testing::ChildProcess({SMECREDIT_BINARY, "eod", "--db", dir_.file("s.db"), "--date",
                                  "2024-02-10", "--chunk-size", "100", "--json"},
                                 dir_.file(name + ".out"), dir_.file(name + ".err"));
  }
};

TEST_F(EodKillTest, AKilledRunResumesWithoutRepeatingOrSkippingALoan) {
  seed();
  int64_t before_kill = 0;
  {
    testing::ChildProcess first = eod("first");
    ASSERT_TRUE(first.started());
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while ((before_kill = processed()) < 1'000 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(2ms);
    }
    first.signal(SIGKILL);
    EXPECT_EQ(first.wait(10s), -1);  // killed, not exited
  }
  const int64_t after_kill = processed();
  ASSERT_GE(after_kill, 1'000);
  ASSERT_LT(after_kill, kLoans) << "the run finished before the kill; nothing was tested";

  testing::ChildProcess second = eod("second");
  ASSERT_EQ(second.wait(300s), 0) << second.stderr_text();
  EXPECT_NE(second.stdout_text().find("\"loans_processed\":" + std::to_string(kLoans - after_kill)),
            std::string::npos)
      << second.stdout_text() << " after " << after_kill;
  EXPECT_EQ(processed(), kLoans);
  // Every loan got exactly one accrual for the date.
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_accruals"), kLoans);
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT loan_id FROM loan_accruals"
                  " GROUP BY loan_id HAVING COUNT(*) > 1)"),
            0);
  ASSERT_TRUE(store_
                  ->transact(store::TxMode::kReadOnly,
                             [&](store::Transaction& tx) -> Status {
                               SC_ASSIGN_OR_RETURN(
                                   const ledger::TrialBalance tb,
                                   ledger::load_trial_balance(tx, day("2099-01-01"), kCny));
                               EXPECT_TRUE(tb.balanced());
                               return ok_status();
                             })
                  .ok());
  // ...and posted each one once: a summed entry per chunk of 100, which the
  // accrual rows add up to.
  EXPECT_EQ(count("SELECT COUNT(*) FROM journal_entries WHERE kind = 'accrual'"), kLoans / 100);
  const Status control = store_->transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) {
    return check_accrual_control(tx, day("2024-02-10"));
  });
  EXPECT_TRUE(control.ok()) << control.error().message;
}

}  // namespace
}  // namespace smecredit::servicing

#include "scf/voucher/voucher_service.h"

#include <gtest/gtest.h>

#include "ledger/journal_store.h"
#include "scf/voucher/voucher_postings.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/temp_dir.h"

namespace smecredit::scf {
namespace {

const Timestamp kNow{std::chrono::seconds{1'700'000'000}};

Date day(const char* text) {
  return parse_date(text).value();
}

// A service over a real SQLite store: the core issues V1 (1,000.00, due
// 2026-03-10) to s1, who keeps 600.00 and passes 400.00 to s2; s2 has the
// bank discount its piece.
class VoucherServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    open();
    for (const char* id : {"core", "s1", "s2", "bank"})
      keys_.emplace(id, SigningKey::generate().value());
    const Header by_platform{kPlatformId, today_};
    submit(platform_, Register{by_platform, "core", Role::kCore, keys_.at("core").public_key()});
    submit(platform_, Register{by_platform, "s1", Role::kSupplier, keys_.at("s1").public_key()});
    submit(platform_, Register{by_platform, "s2", Role::kSupplier, keys_.at("s2").public_key()});
    submit(platform_, Register{by_platform, "bank", Role::kFunder, keys_.at("bank").public_key()});
    submit(platform_, GrantLine{by_platform, "core", 10'000'00});
    submit(keys_.at("core"), Issue{{"core", today_}, "V1", "s1", 1'000'00, maturity_, "PO", "INV"});
    submit(keys_.at("s1"), Accept{{"s1", today_}, "V1"});
    submit(keys_.at("s1"),
           Transfer{{"s1", today_}, "V1", {{"A", "s1", 600'00}, {"B", "s2", 400'00}}});
    submit(keys_.at("s2"),
           RequestFinancing{{"s2", today_}, "B", "bank", Decimal::from_int(9), 0, true});
    submit(keys_.at("bank"), ApproveFinancing{{"bank", today_}, "B"});
  }

  void open() {
    vouchers_.reset();
    log_.reset();
    store_ = store::SqliteStore::open({.path = dir_.file("scf.db")}).value();
    ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations(), kNow).ok());
    log_ = DurableLog::open(*store_, HashAlgorithm::kSha256).value();
    vouchers_ = VoucherService::open(*log_, *store_, platform_.public_key()).value();
  }

  void submit(const SigningKey& key, Operation op) {
    auto submitted = vouchers_->submit(sign_operation(key, std::move(op)).value(), kNow);
    ASSERT_TRUE(submitted.ok()) << submitted.error().to_string();
  }

  ledger::TrialBalance voucher_ledger() {
    ledger::TrialBalance tb(kCny);
    EXPECT_TRUE(store_
                    ->transact(store::TxMode::kReadOnly,
                               [&](store::Transaction& tx) -> Status {
                                 SC_ASSIGN_OR_RETURN(auto entries,
                                                     ledger::load_entries(tx, "voucher:V1"));
                                 for (const auto& e : entries) SC_RETURN_IF_ERROR(tb.add(e));
                                 return ok_status();
                               })
                    .ok());
    return tb;
  }

  int64_t net(const ledger::TrialBalance& tb, ledger::Account account) {
    return tb.balance(account).net().value().minor_units();
  }

  testing::TempDir dir_;
  SigningKey platform_ = SigningKey::generate().value();
  std::map<std::string, SigningKey> keys_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<DurableLog> log_;
  std::unique_ptr<VoucherService> vouchers_;
  Date today_ = day("2026-01-10");
  Date maturity_ = day("2026-03-10");
};

TEST_F(VoucherServiceTest, UnpaidGoesOverdueOncePaidSettlesAndTheLedgerFollows) {
  // 400.00 at 9% for 59 days, ACT/360: 5.90 discount.
  EXPECT_EQ(net(voucher_ledger(), ledger::Account::kVoucherReceivable), 400'00);
  EXPECT_EQ(net(voucher_ledger(), ledger::Account::kUnearnedDiscount), -5'90);

  const uint64_t size = log_->size();
  EXPECT_EQ(vouchers_->settle_due(day("2026-03-09"), platform_, kNow).value().marked_overdue, 0);
  EXPECT_EQ(vouchers_->settle_due(maturity_, platform_, kNow).value().marked_overdue, 0);
  EXPECT_EQ(log_->size(), size);  // due today: the core has until the end of the day
  EXPECT_EQ(vouchers_->settle_due(day("2026-03-11"), platform_, kNow).value().marked_overdue, 1);
  EXPECT_EQ(vouchers_->settle_due(day("2026-03-11"), platform_, kNow).value().marked_overdue, 0);
  EXPECT_EQ(net(voucher_ledger(), ledger::Account::kVoucherReceivableOverdue), 400'00);
  EXPECT_EQ(net(voucher_ledger(), ledger::Account::kVoucherReceivable), 0);

  EXPECT_TRUE(vouchers_->record_settlement_funds("V1", 1'000'00, "BANK-7", kNow).value());
  EXPECT_FALSE(vouchers_->record_settlement_funds("V1", 1'000'00, "BANK-7", kNow).value());
  const SettlementRun run = vouchers_->settle_due(day("2026-03-13"), platform_, kNow).value();
  EXPECT_EQ(run.settled, 1);
  EXPECT_EQ(log_->size(), size + 2);
  EXPECT_EQ(vouchers_->settle_due(day("2026-03-13"), platform_, kNow).value().settled, 0);

  const ledger::TrialBalance tb = voucher_ledger();
  EXPECT_TRUE(tb.balanced());
  EXPECT_EQ(net(tb, ledger::Account::kVoucherReceivableOverdue), 0);
  EXPECT_EQ(net(tb, ledger::Account::kUnearnedDiscount), 0);
  EXPECT_EQ(net(tb, ledger::Account::kDiscountIncome), -5'90);
  EXPECT_EQ(net(tb, ledger::Account::kRepaymentClearing), 1'000'00);
  vouchers_->read([](const VoucherBook& book) {
    EXPECT_TRUE(book.vouchers().at("V1").settled);
    EXPECT_EQ(book.settlements().at("V1").at("bank"), 400'00);
    EXPECT_EQ(book.settlements().at("V1").at("s1"), 600'00);
  });

  // Everything survives a restart: the log replays into the same book.
  open();
  vouchers_->read([](const VoucherBook& book) { EXPECT_TRUE(book.vouchers().at("V1").settled); });
}

TEST_F(VoucherServiceTest, BankReportsAreValidatedAndIdempotentByReference) {
  EXPECT_EQ(vouchers_->record_settlement_funds("V9", 1'000'00, "R1", kNow).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(vouchers_->record_settlement_funds("V1", 999'99, "R1", kNow).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(vouchers_->record_settlement_funds("V1", 1'000'00, "", kNow).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_TRUE(vouchers_->record_settlement_funds("V1", 1'000'00, "R1", kNow).value());
  EXPECT_EQ(vouchers_->record_settlement_funds("V1", 1'000'00, "R2", kNow).error().code,
            ErrorCode::kConflict);
  // Funds before maturity wait for it.
  EXPECT_EQ(vouchers_->settle_due(day("2026-02-01"), platform_, kNow).value().settled, 0);
  EXPECT_EQ(vouchers_->settle_due(maturity_, platform_, kNow).value().settled, 1);
  // Only the platform key the book trusts settles.
  EXPECT_EQ(vouchers_->settle_due(maturity_, keys_.at("core"), kNow).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(VoucherServiceTest, ARetriedOperationAnswersItsIndexAndAFailedPostingChangesNothing) {
  const SignedOperation accept_again =
      sign_operation(keys_.at("s1"), Accept{{"s1", today_}, "V1"}).value();
  const Result<Submitted> replayed = vouchers_->submit(accept_again, kNow);
  ASSERT_TRUE(replayed.ok());
  EXPECT_TRUE(replayed.value().replayed);
  EXPECT_EQ(replayed.value().index, 6u);
  open();  // the service remembers after a restart too
  EXPECT_EQ(vouchers_->submit(accept_again, kNow).value().index, 6u);

  // The journal already holds another entry under the next log index's
  // source_ref: the settlement cannot post, so neither the log nor the book
  // takes it.
  const uint64_t size = log_->size();
  ASSERT_TRUE(store_
                  ->transact(store::TxMode::kReadWrite,
                             [&](store::Transaction& tx) -> Status {
                               const Money one = Money::from_minor_units(1, kCny);
                               SC_ASSIGN_OR_RETURN(
                                   auto e,
                                   ledger::make_entry(
                                       "other", "scf:" + std::to_string(size), "x", today_,
                                       {{ledger::Account::kSuspense, ledger::Side::kDebit, one},
                                        {ledger::Account::kSuspense, ledger::Side::kCredit, one}}));
                               SC_RETURN_IF_ERROR(ledger::post_entry(tx, e, kNow));
                               return ok_status();
                             })
                  .ok());
  ASSERT_TRUE(vouchers_->record_settlement_funds("V1", 1'000'00, "R1", kNow).ok());
  EXPECT_FALSE(vouchers_->settle_due(maturity_, platform_, kNow).ok());
  EXPECT_EQ(log_->size(), size);
  vouchers_->read([](const VoucherBook& book) { EXPECT_FALSE(book.vouchers().at("V1").settled); });
}

TEST_F(VoucherServiceTest, EveryVoucherKeepsTheIndicesOfItsEntriesAlsoAfterReplay) {
  const auto expect_history = [&] {
    const std::vector<LoggedOperation> h = vouchers_->history("V1");
    ASSERT_EQ(h.size(), 5u);
    const std::vector<std::pair<uint64_t, std::string>> want = {{5, "issue"},
                                                                {6, "accept"},
                                                                {7, "transfer"},
                                                                {8, "request_financing"},
                                                                {9, "approve_financing"}};
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(h[i].index, want[i].first);
      EXPECT_EQ(h[i].kind, want[i].second);
    }
    EXPECT_EQ(h[0].piece, "V1");
    EXPECT_EQ(h[0].actor, "core");
    EXPECT_EQ(h[1].piece, "");
    EXPECT_EQ(h[2].piece, "V1");  // the transfer acts on the root piece
    EXPECT_EQ(h[3].piece, "B");
    EXPECT_EQ(h[4].actor, "bank");
  };
  expect_history();
  EXPECT_TRUE(vouchers_->history("V404").empty());
  open();  // a restart rebuilds the history from the log
  expect_history();
}

TEST(OperationKindTest, IsTheOpFieldOfTheCanonicalText) {
  const Operation ops[] = {Accept{{"s1", Date{}}, "V1"}, Cancel{{"core", Date{}}, "V1"},
                           MarkOverdue{{kPlatformId, Date{}}, "V1"}};
  for (const Operation& op : ops) {
    EXPECT_EQ(canonical_text(op).find("{\"op\":\"" + std::string(operation_kind(op)) + "\""), 0u)
        << canonical_text(op);
  }
}

}  // namespace
}  // namespace smecredit::scf

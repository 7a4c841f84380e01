// The workflow against a real SQLite store, with a scripted underwriter in
// place of the decision engine.
#include "origination/origination_service.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../support/temp_dir.h"
#include "core/business_date.h"
#include "origination/offer.h"
#include "origination/portfolio.h"
#include "scf/merkle/hex.h"
#include "servicing/loan_service.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/store_count.h"

namespace smecredit::origination {
namespace {

Money yuan(const char* text) {
  return Money::parse(text, kCny).value();
}

class ScriptedUnderwriter final : public Underwriter {
 public:
  Result<Underwriting> underwrite(const UnderwritingRequest& request) const override {
    Underwriting u = next;
    u.decision_id = "dec_" + request.application_id;
    return u;
  }
  Underwriting next{.outcome = Outcome::kApprove,
                    .limit = yuan("50000.00"),
                    .annual_rate_percent = Decimal::from_int(12),
                    .reasons = {},
                    .decision_id = "",
                    .record_json = ""};
};

class OriginationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::SqliteStore::open({.path = dir_.file("o.db")}).value();
    ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations(), now_).ok());
    for (const char* name : {"sme-credit-12m.json", "sme-property-60m.json"}) {
      std::ifstream in(std::string(SMECREDIT_PRODUCTS_DIR) + "/" + name);
      std::stringstream text;
      text << in.rdbuf();
      ASSERT_TRUE(catalog_.add(loan::parse_product_json(text.str()).value()).ok());
    }
    service_ = std::make_unique<OriginationService>(*store_, catalog_, underwriter_, sealer_,
                                                    platform_key_, OriginationOptions{});
    enterprise_id_ = service_->register_enterprise(enterprise(), "key:partner", now_).value().id;
    ASSERT_TRUE(service_
                    ->set_borrower_key(enterprise_id_,
                                       scf::to_hex(borrower_key_.public_key().bytes()),
                                       "borrower:u1", now_)
                    .ok());
  }

  static EnterpriseInput enterprise() {
    return EnterpriseInput{.uscc = "91350100M000100Y43",
                           .name = "福州海鲜小店",
                           .kind = "micro",
                           .industry = "F",
                           .region = "350100",
                           .legal_rep = {"张三", "11010519491231002X", "13800138000"},
                           .owners = {{"张三", "11010519491231002X", Decimal::from_int(100)}},
                           .bank_account = "6222020200112233445",
                           .borrower_public_key = "",
                           .referred_by = ""};
  }

  ApplicationRecord submit(const char* product, const char* amount, int installments = 12) {
    return service_
        ->submit({enterprise_id_, product, yuan(amount), installments, "inventory"}, "borrower:u1",
                 now_)
        .value();
  }

  std::string borrower_signature(const ApplicationRecord& r) {
    const std::string message = contract_signing_message(contract_id_of(r.id), r.contract_sha256);
    return scf::to_hex(
        borrower_key_
            .sign(scf::ByteSpan(reinterpret_cast<const uint8_t*>(message.data()), message.size()))
            .value());
  }

  int64_t count(const std::string& sql) { return smecredit::testing::count_rows(*store_, sql); }

  smecredit::testing::TempDir dir_;
  Timestamp now_ = Timestamp{std::chrono::seconds{1'795'000'000}};
  std::unique_ptr<store::SqliteStore> store_;
  ProductCatalog catalog_;
  ScriptedUnderwriter underwriter_;
  security::DataSealer sealer_ = security::DataSealer::random();
  scf::SigningKey platform_key_ = scf::SigningKey::generate().value();
  scf::SigningKey borrower_key_ = scf::SigningKey::generate().value();
  std::unique_ptr<OriginationService> service_;
  std::string enterprise_id_;
};

TEST_F(OriginationServiceTest, AnApprovalBecomesADisbursedLoanExactlyOnce) {
  const ApplicationRecord offered = submit("SME-CREDIT-12M", "80000.00");
  ASSERT_EQ(offered.stage, Stage::kOffered);
  EXPECT_NE(offered.offer_json.find("\"amount\":\"50000.00\""), std::string::npos);
  ASSERT_EQ(service_->accept_offer(offered.id, "borrower:u1", now_).value().stage,
            Stage::kAwaitingSignature);
  const ApplicationRecord signed_app =
      service_->sign(offered.id, borrower_signature(offered), "borrower:u1", now_).value();
  EXPECT_EQ(signed_app.stage, Stage::kDisbursing);
  EXPECT_EQ(signed_app.platform_signature.size(), 128u);

  const auto due = service_->due_disbursements(now_, std::chrono::seconds(30), 10).value();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].amount, yuan("49500.00"));  // 1% fee withheld
  EXPECT_EQ(due[0].account, "6222020200112233445");
  ASSERT_TRUE(service_->mark_sent(offered.id, now_).ok());
  EXPECT_TRUE(service_->due_disbursements(now_, std::chrono::seconds(30), 10).value().empty());

  const ApplicationRecord disbursed =
      service_->record_disbursement(offered.id, true, "BANK-1", now_).value();
  EXPECT_EQ(disbursed.stage, Stage::kDisbursed);
  ASSERT_TRUE(disbursed.loan_id.has_value());
  const ApplicationRecord again =
      service_->record_disbursement(offered.id, true, "BANK-1", now_).value();
  EXPECT_EQ(again.loan_id, disbursed.loan_id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM loans"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_transactions"), 1);
  EXPECT_TRUE(
      servicing::check_subledger(*store_, *disbursed.loan_id, parse_date("2026-11-22").value())
          .ok());
}

TEST_F(OriginationServiceTest, ThePortfolioSummaryReadsLoansFromTheJournal) {
  const ApplicationRecord offered = submit("SME-CREDIT-12M", "80000.00");
  ASSERT_TRUE(service_->accept_offer(offered.id, "borrower:u1", now_).ok());
  ASSERT_TRUE(service_->sign(offered.id, borrower_signature(offered), "borrower:u1", now_).ok());
  ASSERT_TRUE(
      service_->record_disbursement(offered.id, true, "BANK-1", now_ + std::chrono::seconds(3))
          .ok());
  const Date today = business_date(now_);
  now_ += std::chrono::seconds(10);
  underwriter_.next.outcome = Outcome::kDecline;
  submit("SME-CREDIT-12M", "30000.00");
  now_ += std::chrono::seconds(10);
  underwriter_.next.outcome = Outcome::kRefer;
  submit("SME-CREDIT-12M", "30000.00");

  const PortfolioSummary s = read_portfolio_summary(*store_, today, 30).value();
  EXPECT_EQ(s.active_loans, 1);
  EXPECT_EQ(s.outstanding_principal_minor, 5'000'000);  // the approved 50,000.00
  EXPECT_EQ(s.classification[0].amount_minor, 5'000'000);
  EXPECT_EQ(s.applications, 3);
  EXPECT_EQ(s.approval_basis_points, 5'000);
  EXPECT_EQ(s.pending, 1);
  EXPECT_EQ(s.time_to_cash_p50_ms, 3'000);
  EXPECT_EQ(s.disbursements_by_day.back().count, 1);
  EXPECT_EQ(s.disbursements_by_day.back().amount_minor, 4'950'000);  // net of the 1% fee

  const auto mine = service_->applications_of(enterprise_id_, 10).value();
  ASSERT_EQ(mine.size(), 3u);
  EXPECT_EQ(mine.back().id, offered.id);  // newest first
  EXPECT_EQ(service_->applications_of(enterprise_id_, 1).value().size(), 1u);
  EXPECT_TRUE(service_->applications_of("ent_nobody", 10).value().empty());
  EXPECT_EQ(read_portfolio_summary(*store_, today, 0).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(OriginationServiceTest, ADeclineKeepsItsReasons) {
  underwriter_.next.outcome = Outcome::kDecline;
  underwriter_.next.reasons = {{"KO_ENFORCEMENT", "listed as a dishonest debtor"}};
  const ApplicationRecord declined = submit("SME-CREDIT-12M", "80000.00");
  EXPECT_EQ(declined.stage, Stage::kDeclined);
  EXPECT_NE(declined.decision_json.find("KO_ENFORCEMENT"), std::string::npos);
  EXPECT_TRUE(declined.offer_json.empty());
  EXPECT_EQ(service_->accept_offer(declined.id, "borrower:u1", now_).error().code,
            ErrorCode::kConflict);
}

TEST_F(OriginationServiceTest, TheShadowArmsRecordIsKeptBesideTheDecision) {
  underwriter_.next.record_json = R"({"arm":"challenger"})";
  underwriter_.next.shadow_arm = "shadow-champion";
  underwriter_.next.shadow_record_json = R"({"arm":"shadow-champion"})";
  const ApplicationRecord decided = submit("SME-CREDIT-12M", "30000.00");
  EXPECT_EQ(count("SELECT COUNT(*) FROM shadow_decisions WHERE application_id = '" + decided.id +
                  "' AND arm = 'shadow-champion'"),
            1);
  underwriter_.next.shadow_record_json.clear();
  submit("SME-CREDIT-12M", "30000.00");
  EXPECT_EQ(count("SELECT COUNT(*) FROM shadow_decisions"), 1);  // no experiment, no row
}

TEST_F(OriginationServiceTest, AReferIsDecidedByAnOfficer) {
  underwriter_.next.outcome = Outcome::kRefer;
  underwriter_.next.reasons = {{"REFER_THIN_FILE", "less than 12 months of tax data"}};
  const ApplicationRecord referred = submit("SME-CREDIT-12M", "80000.00");
  EXPECT_EQ(referred.stage, Stage::kReferred);
  ASSERT_EQ(service_->reviews(50).value().size(), 1u);
  EXPECT_EQ(service_->decide_review(referred.id, true, "", "key:officer1", now_).error().code,
            ErrorCode::kInvalidArgument);
  const ApplicationRecord approved =
      service_->decide_review(referred.id, true, "seasonal dip explained", "key:officer1", now_)
          .value();
  EXPECT_EQ(approved.stage, Stage::kOffered);
  EXPECT_TRUE(service_->reviews(50).value().empty());
}

TEST_F(OriginationServiceTest, LargeApprovalsNeedASecondOfficer) {
  underwriter_.next.outcome = Outcome::kRefer;
  underwriter_.next.limit = yuan("800000.00");
  const ApplicationRecord referred = submit("SME-CREDIT-12M", "600000.00");
  EXPECT_EQ(service_->decide_review(referred.id, true, "ok", "key:officer1", now_).value().stage,
            Stage::kAwaitingConfirmation);
  EXPECT_EQ(service_->decide_review(referred.id, true, "ok", "key:officer1", now_).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->decide_review(referred.id, true, "agree", "key:officer2", now_).value().stage,
            Stage::kOffered);
}

TEST_F(OriginationServiceTest, ABadSignatureChangesNothing) {
  const ApplicationRecord offered = submit("SME-CREDIT-12M", "50000.00");
  ASSERT_TRUE(service_->accept_offer(offered.id, "borrower:u1", now_).ok());
  std::string forged = borrower_signature(offered);
  forged[0] = forged[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(service_->sign(offered.id, forged, "borrower:u1", now_).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->application(offered.id).value().stage, Stage::kAwaitingSignature);
  EXPECT_EQ(count("SELECT COUNT(*) FROM disbursements"), 0);
}

TEST_F(OriginationServiceTest, AnExpiredOfferCannotBeAccepted) {
  const ApplicationRecord offered = submit("SME-CREDIT-12M", "50000.00");
  const auto late =
      service_->accept_offer(offered.id, "borrower:u1", now_ + std::chrono::hours(73));
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_EQ(service_->application(offered.id).value().stage, Stage::kOfferExpired);
}

TEST_F(OriginationServiceTest, SecuredLoansWaitForCollateralWithinLoanToValue) {
  underwriter_.next.limit = yuan("1000000.00");
  underwriter_.next.annual_rate_percent = Decimal::parse("6.5").value();
  const ApplicationRecord offered = submit("SME-PROPERTY-60M", "700000.00", 36);
  ASSERT_EQ(offered.stage, Stage::kOffered) << offered.decision_json;
  ASSERT_TRUE(service_->accept_offer(offered.id, "borrower:u1", now_).ok());
  EXPECT_EQ(
      service_->sign(offered.id, borrower_signature(offered), "borrower:u1", now_).value().stage,
      Stage::kAwaitingCollateral);
  EXPECT_EQ(service_->confirm_lien(offered.id, "key:officer1", now_).error().code,
            ErrorCode::kFailedPrecondition);
  const CollateralInput too_small{"property", "闽(2024)福州市不动产权第0001号", yuan("900000.00"),
                                  "LIEN-2026-1"};
  EXPECT_EQ(service_->register_collateral(offered.id, too_small, "key:officer1", now_).error().code,
            ErrorCode::kOutOfRange);  // 700,000 > 70% of 900,000
  CollateralInput enough = too_small;
  enough.valuation = yuan("1000000.00");
  ASSERT_TRUE(service_->register_collateral(offered.id, enough, "key:officer1", now_).ok());
  EXPECT_EQ(service_->confirm_lien(offered.id, "key:officer1", now_).value().stage,
            Stage::kDisbursing);
  const ApplicationRecord disbursed =
      service_->record_disbursement(offered.id, true, "BANK-2", now_).value();
  EXPECT_EQ(disbursed.stage, Stage::kDisbursed);
}

TEST_F(OriginationServiceTest, AFailedDisbursementCanBeRetried) {
  const ApplicationRecord offered = submit("SME-CREDIT-12M", "50000.00");
  ASSERT_TRUE(service_->accept_offer(offered.id, "borrower:u1", now_).ok());
  ASSERT_TRUE(service_->sign(offered.id, borrower_signature(offered), "borrower:u1", now_).ok());
  EXPECT_EQ(service_->record_disbursement(offered.id, false, "", now_).value().stage,
            Stage::kDisbursementFailed);
  EXPECT_EQ(service_->retry_disbursement(offered.id, "key:officer1", now_).value().stage,
            Stage::kDisbursing);
  EXPECT_EQ(service_->due_disbursements(now_, std::chrono::seconds(30), 10).value().size(), 1u);
}

TEST_F(OriginationServiceTest, PersonalDataIsSealedAtRestAndEveryChangeIsAudited) {
  const ApplicationRecord offered = submit("SME-CREDIT-12M", "50000.00");
  EXPECT_EQ(count("SELECT COUNT(*) FROM enterprises WHERE personal_sealed LIKE '%13800138000%' "
                  "OR personal_sealed LIKE '%11010519491231002X%'"),
            0);
  EXPECT_EQ(service_->enterprise(enterprise_id_).value().data.legal_rep.phone, "13800138000");
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM audit_log WHERE subject = 'application:" + offered.id + "'"),
      2);  // submitted, decided
  EXPECT_EQ(count("SELECT COUNT(*) FROM events WHERE aggregate_id = '" + offered.id + "'"), 2);
  EXPECT_EQ(service_->register_enterprise(enterprise(), "key:partner", now_).error().code,
            ErrorCode::kAlreadyExists);
}

TEST_F(OriginationServiceTest, BadApplicationsAreRefusedBeforeAnythingIsStored) {
  EXPECT_EQ(
      service_->submit({enterprise_id_, "NOPE", yuan("5000.00"), 12, "x"}, "u", now_).error().code,
      ErrorCode::kNotFound);
  EXPECT_EQ(service_->submit({enterprise_id_, "SME-CREDIT-12M", yuan("5000.00"), 6, "x"}, "u", now_)
                .error()
                .code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(service_->submit({"ent_nope", "SME-CREDIT-12M", yuan("5000.00"), 12, "x"}, "u", now_)
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications"), 0);
}

}  // namespace
}  // namespace smecredit::origination

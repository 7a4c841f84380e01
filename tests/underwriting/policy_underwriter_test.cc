#include "underwriting/policy_underwriter.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "connectors/file_import.h"
#include "connectors/world/world.h"
#include "core/business_date.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/store_count.h"
#include "tests/support/temp_dir.h"
#include "underwriting/report_routes.h"

namespace smecredit::underwriting {
namespace {

using origination::Outcome;

// 2024-03-15, after a 14-month world starting 2023-01 (data to 2024-02).
const Timestamp kNow = Timestamp{std::chrono::seconds{1'710'460'800}};

constexpr std::string_view kProduct = R"({"code":"T-12M","version":1,"currency":"CNY",
  "amount":{"min":"1000.00","max":"1000000.00"},"term":{"min_installments":12,"max_installments":12},
  "security":{"type":"unsecured"},"repayment":{"method":"equal-installment","frequency":"monthly",
  "interest":"per-period","days_in_year":365,"rounding":"half-even","installment_multiple":0,
  "grace_principal":0,"grace_interest":0},"fees":{"upfront":{"type":"fixed","value":"0.00"},
  "per_installment":{"type":"fixed","value":"0.00"}},"penalty":{"rate_multiplier":"1.5"},
  "allocation_order":["penalty","fees","interest","principal"],
  "prepayment":{"fee_percent":"0","mode":"keep-term-lower-installment"},"apr_cap_percent":"24"})";

// Knock-out on thin data, refer above 300,000, otherwise priced and approved.
std::string test_policy() {
  return R"json({"name":"uw-test","version":1,"inputs":[{"name":"requested","type":"number"},
    {"name":"months_reported_12m","type":"number"},{"name":"inflows_mean_12m","type":"number"},
    {"name":"guarantee_circle_size","type":"number"}],
    "steps":[
     {"id":"ko","type":"rules","rules":[{"code":"KO_THIN_FILE",
       "when":"coalesce(months_reported_12m, 0) < 6"}]},
     {"id":"price","type":"pricing","product":)json" +
         std::string(kProduct) + R"json(,"term_months":12,"funding_cost":"0.025",
      "operating_cost":"0.015","capital_ratio":"0.08","hurdle_rate":"0.15","min_rate":"0.06",
      "max_rate":"0.2","apr_cap":"0.24","max_debt_service_ratio":"0.4","revenue_multiple":"0.3",
      "score_bands":[{"min_score":"0","limit_multiplier":"1"}],
      "inputs":{"pd":"0.03","lgd":"0.45","score":"600",
        "annual_revenue":"div(coalesce(inflows_mean_12m, 0) * 12, 100, 2)",
        "monthly_cash_flow":"div(coalesce(inflows_mean_12m, 0), 1000, 2)",
        "monthly_obligations":"0","collateral_value":"0","requested":"requested"}},
     {"id":"route","type":"rules","action":"refer","rules":[{"code":"RF_LARGE_AMOUNT",
       "when":"requested > 300000"}]},
     {"id":"end","type":"outcome","decision":"approve"}]})json";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class PolicyUnderwriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world::WorldOptions options;
    options.enterprises = 40;
    options.months = 14;
    options.out_dir = dir_.file("world");
    ASSERT_TRUE(world::generate_world(options).ok());
    store_ = store::SqliteStore::open({.path = dir_.file("s.db")}).value();
    ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations(), kNow).ok());
    files_ = connectors::FileImportConnector::open(dir_.file("world")).value();
    pulls_ = std::make_unique<connectors::PullService>(*store_, *files_, clock_);
    auto policy = decision::compile_policy(test_policy(), decision::ModelCatalog{});
    ASSERT_TRUE(policy.ok()) << policy.error().to_string();
    ASSERT_TRUE(policies_.activate(policy.value()).ok());
    product_ = loan::parse_product_json(kProduct).value();
    uscc_ = uscc_with_full_history();
    ASSERT_FALSE(uscc_.empty());
  }

  // The USCC of an enterprise with all 14 months of data.
  std::string uscc_with_full_history() {
    std::map<std::string, int> months;
    std::istringstream monthly(read_file(dir_.file("world") + "/monthly.csv"));
    std::string line;
    std::getline(monthly, line);
    while (std::getline(monthly, line)) ++months[line.substr(0, line.find(','))];
    std::istringstream enterprises(read_file(dir_.file("world") + "/enterprises.csv"));
    std::getline(enterprises, line);
    while (std::getline(enterprises, line)) {
      const size_t comma = line.find(',');
      if (months[line.substr(0, comma)] == 14) {
        return line.substr(comma + 1, line.find(',', comma + 1) - comma - 1);
      }
    }
    return "";
  }

  void grant_consent(const std::string& subject) {
    ASSERT_TRUE(pulls_
                    ->record_consent({.enterprise_id = subject,
                                      .scopes = {"registration", "tax", "invoices", "flows",
                                                 "judicial", "penalties", "relationships"},
                                      .purpose = "credit_assessment",
                                      .token = "files-need-no-token",
                                      .expires_at = kNow + std::chrono::hours(24)})
                    .ok());
  }

  origination::UnderwritingRequest request(const std::string& subject, int64_t yuan) {
    return {.application_id = "app-1",
            .enterprise_id = "ent-1",
            .uscc = subject,
            .product = &product_,
            .requested = Money::from_minor_units(yuan * 100, kCny),
            .installments = 12,
            .purpose = "inventory",
            .as_of = Date{std::chrono::year{2024}, std::chrono::month{3}, std::chrono::day{15}}};
  }

  int64_t count(const std::string& sql) { return smecredit::testing::count_rows(*store_, sql); }

  PolicyUnderwriter underwriter() {
    return PolicyUnderwriter(*store_, *pulls_, policies_, clock_, {.policy_name = "uw-test"});
  }

  testing::TempDir dir_;
  ManualClock clock_{kNow};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<connectors::FileImportConnector> files_;
  std::unique_ptr<connectors::PullService> pulls_;
  decision::PolicyRegistry policies_;
  loan::Product product_;
  std::string uscc_;
};

// Enterprises whose stored relationship sections each list only their own
// edges: K-A guarantees K-B, K-B guarantees K-C, K-C guarantees K-A (provider
// ids A, B, C); and one whose stored section does not parse.
void store_guarantee_circle(store::Store& store) {
  const char* ids[] = {"A", "B", "C"};
  ASSERT_TRUE(
      store
          .transact(store::TxMode::kReadWrite,
                    [&](store::Transaction& tx) -> Status {
                      for (int i = 0; i < 3; ++i) {
                        const std::string own = ids[i];
                        const std::string next = ids[(i + 1) % 3];
                        const std::string prev = ids[(i + 2) % 3];
                        const std::string doc =
                            R"({"rows":[{"type":"guarantee","from_id":")" + own + R"(","to_id":")" +
                            next + R"("}],"incoming":[{"type":"guarantee","from_id":")" + prev +
                            R"(","to_id":")" + own + R"("}]})";
                        SC_RETURN_IF_ERROR(tx.execute(
                            "INSERT INTO enterprise_data (enterprise_id, section, payload, "
                            "source, pulled_at) VALUES (?, 'relationships', ?, 'test', ?)",
                            {"K-" + own, doc, format_timestamp(kNow)}));
                      }
                      SC_RETURN_IF_ERROR(tx.execute(
                          "INSERT INTO enterprise_data (enterprise_id, section, payload, "
                          "source, pulled_at) VALUES ('K-X', 'relationships', '{', 'test', ?)",
                          {format_timestamp(kNow)}));
                      return ok_status();
                    })
          .ok());
}

TEST_F(PolicyUnderwriterTest, ACircleAcrossEnterprisesReachesTheDecisionThroughThePlatformGraph) {
  store_guarantee_circle(*store_);
  int64_t skipped = -1;
  const profile::PlatformGraph graph = load_platform_graph(*store_, &skipped).value();
  EXPECT_EQ(skipped, 1);
  EXPECT_EQ(graph.nodes(), 3);
  EXPECT_EQ(graph.facts("K-B", 0)->circle_size, 3);

  grant_consent("K-A");
  PolicyUnderwriter uw = underwriter();
  const auto alone = uw.underwrite(request("K-A", 50'000));
  ASSERT_TRUE(alone.ok()) << alone.error().to_string();
  EXPECT_NE(alone.value().record_json.find(R"(guarantee_circle_size\":0.0000)"), std::string::npos)
      << "its own two edges show no circle: " << alone.value().record_json;
  uw.set_platform_graph(std::make_shared<const profile::PlatformGraph>(graph));
  const auto seen = uw.underwrite(request("K-A", 50'000));
  ASSERT_TRUE(seen.ok()) << seen.error().to_string();
  EXPECT_NE(seen.value().record_json.find(R"(guarantee_circle_size\":3.0000)"), std::string::npos)
      << seen.value().record_json;

  // The officer's credit report reads the same graph.
  const Date today = business_date(kNow);
  const std::string report = credit_report(*store_, "K-A", "ent-a", "json", today, &graph).value();
  EXPECT_NE(report.find(R"("guarantee_circle_size":3)"), std::string::npos) << report;
  const std::string own = credit_report(*store_, "K-A", "ent-a", "json", today, nullptr).value();
  EXPECT_NE(own.find(R"("guarantee_circle_size":0)"), std::string::npos) << own;
}

TEST_F(PolicyUnderwriterTest, WithoutConsentNothingIsPulledOrDecided) {
  const auto result = underwriter().underwrite(request(uscc_, 50'000));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(result.error().message.find("consent"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM enterprise_data"), 0);
}

TEST_F(PolicyUnderwriterTest, ApprovesOnPulledDataAndRecordsTheInputs) {
  grant_consent(uscc_);
  const auto result = underwriter().underwrite(request(uscc_, 50'000));
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_EQ(result.value().outcome, Outcome::kApprove);
  EXPECT_TRUE(result.value().limit.is_positive());
  EXPECT_EQ(result.value().decision_id, "dec-app-1");
  EXPECT_NE(result.value().record_json.find(R"(months_reported_12m\":12.0000)"), std::string::npos)
      << result.value().record_json;
  EXPECT_NE(result.value().record_json.find("uw-test@1"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM enterprise_data"), 7);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls WHERE outcome = 'applied'"), 7);
}

TEST_F(PolicyUnderwriterTest, FreshDataIsReusedAndStaleDataPulledAgain) {
  grant_consent(uscc_);
  ASSERT_TRUE(underwriter().underwrite(request(uscc_, 50'000)).ok());
  clock_.advance(std::chrono::minutes(30));
  ASSERT_TRUE(underwriter().underwrite(request(uscc_, 60'000)).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls"), 7);
  clock_.advance(std::chrono::minutes(31));
  ASSERT_TRUE(underwriter().underwrite(request(uscc_, 60'000)).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls"), 14);
}

TEST_F(PolicyUnderwriterTest, StoredDataIsNotUsedOnceTheConsentIsRevoked) {
  grant_consent(uscc_);
  ASSERT_TRUE(underwriter().underwrite(request(uscc_, 50'000)).ok());
  ASSERT_TRUE(pulls_->revoke_consent(1, uscc_, "borrower:x").ok());
  const auto result = underwriter().underwrite(request(uscc_, 50'000));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(PolicyUnderwriterTest, LargeAmountsAreReferredWithAReadableReason) {
  grant_consent(uscc_);
  const auto result = underwriter().underwrite(request(uscc_, 400'000));
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_EQ(result.value().outcome, Outcome::kRefer);
  ASSERT_EQ(result.value().reasons.size(), 1u);
  EXPECT_EQ(result.value().reasons[0].code, "RF_LARGE_AMOUNT");
  EXPECT_EQ(result.value().reasons[0].text,
            "Amounts of this size are reviewed by a credit officer.");
}

// A challenger that refers from 100,000 decides the enterprises hashed into
// its share; the champion decides the rest; the other arm runs in shadow.
TEST_F(PolicyUnderwriterTest, AChallengerDecidesItsShareAndTheOtherArmRunsInShadow) {
  std::string text = test_policy();
  text.replace(text.find("\"uw-test\""), 9, "\"uw-challenger\"");
  text.replace(text.find("requested > 300000"), 18, "requested > 100000");
  auto challenger = decision::compile_policy(text, decision::ModelCatalog{});
  ASSERT_TRUE(challenger.ok()) << challenger.error().to_string();
  ASSERT_TRUE(policies_.activate(challenger.value()).ok());
  grant_consent(uscc_);
  for (const int basis_points : {10'000, 0}) {
    const PolicyUnderwriter underwriter(*store_, *pulls_, policies_, clock_,
                                        {.policy_name = "uw-test",
                                         .challenger_name = "uw-challenger",
                                         .challenger_basis_points = basis_points});
    const auto result = underwriter.underwrite(request(uscc_, 200'000));
    ASSERT_TRUE(result.ok()) << result.error().to_string();
    const bool challenger_decides = basis_points == 10'000;
    EXPECT_EQ(result.value().outcome, challenger_decides ? Outcome::kRefer : Outcome::kApprove);
    EXPECT_NE(result.value().record_json.find(challenger_decides ? R"("arm":"challenger")"
                                                                 : R"("arm":"champion")"),
              std::string::npos);
    EXPECT_EQ(result.value().shadow_arm,
              challenger_decides ? "shadow-champion" : "shadow-challenger");
    EXPECT_NE(result.value().shadow_record_json.find(challenger_decides ? "uw-test@1"
                                                                        : "uw-challenger@1"),
              std::string::npos)
        << result.value().shadow_record_json;
  }
}

TEST_F(PolicyUnderwriterTest, AnEnterpriseTheProviderDoesNotKnowIsDeclinedForThinData) {
  const std::string unknown = "91350100M000100Y43";
  grant_consent(unknown);
  const auto result = underwriter().underwrite(request(unknown, 50'000));
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_EQ(result.value().outcome, Outcome::kDecline);
  EXPECT_EQ(result.value().reasons[0].code, "KO_THIN_FILE");
  EXPECT_EQ(count("SELECT COUNT(*) FROM enterprise_data"), 0);
}

TEST_F(PolicyUnderwriterTest, WithoutAnActivePolicyNothingIsPulled) {
  grant_consent(uscc_);
  const PolicyUnderwriter other(*store_, *pulls_, policies_, clock_, {.policy_name = "missing"});
  EXPECT_EQ(other.underwrite(request(uscc_, 50'000)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls"), 0);
}

}  // namespace
}  // namespace smecredit::underwriting

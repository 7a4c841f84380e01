// The policy `make run` decides with (policies/sme-origination.json) and the
// models it calls (models/), through the live underwriter over a generated
// world: it compiles, every outcome occurs, every reason an applicant sees
// reads as a sentence, and every score comes with the features behind it,
// described in words.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "connectors/file_import.h"
#include "connectors/world/world.h"
#include "decision/model/score_models.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/temp_dir.h"
#include "underwriting/policy_underwriter.h"
#include "underwriting/reasons.h"

namespace smecredit::underwriting {
namespace {

// 2026-01-15: the default world's data runs to 2025-12.
const Timestamp kNow = Timestamp{std::chrono::seconds{1'768'435'200}};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ShippedPolicyTest, DecidesAGeneratedWorldWithReadableReasons) {
  const auto models = model::load_model_catalog(std::string(SMECREDIT_SOURCE_DIR) + "/models");
  ASSERT_TRUE(models.ok()) << models.error().to_string();
  const auto policy = decision::compile_policy(
      read_file(std::string(SMECREDIT_SOURCE_DIR) + "/policies/sme-origination.json"),
      models.value());
  ASSERT_TRUE(policy.ok()) << policy.error().to_string();
  decision::PolicyRegistry policies;
  ASSERT_TRUE(policies.activate(policy.value()).ok());

  testing::TempDir dir;
  world::WorldOptions options;
  options.enterprises = 200;
  options.out_dir = dir.file("world");
  ASSERT_TRUE(world::generate_world(options).ok());
  auto store = store::SqliteStore::open({.path = dir.file("s.db")}).value();
  ASSERT_TRUE(store::migrate(*store, store::builtin_migrations(), kNow).ok());
  auto files = connectors::FileImportConnector::open(dir.file("world")).value();
  ManualClock clock(kNow);
  connectors::PullService pulls(*store, *files, clock);
  const PolicyUnderwriter underwriter(*store, pulls, policies, clock, {});
  const loan::Product product =
      loan::parse_product_json(
          read_file(std::string(SMECREDIT_SOURCE_DIR) + "/products/sme-credit-12m.json"))
          .value();

  std::map<origination::Outcome, int> outcomes;
  std::istringstream registry(read_file(dir.file("world") + "/enterprises.csv"));
  std::string line;
  std::getline(registry, line);
  int n = 0;
  while (std::getline(registry, line)) {
    const size_t comma = line.find(',');
    const std::string uscc = line.substr(comma + 1, line.find(',', comma + 1) - comma - 1);
    ASSERT_TRUE(pulls
                    .record_consent({.enterprise_id = uscc,
                                     .scopes = {"registration", "tax", "invoices", "flows",
                                                "judicial", "penalties", "relationships"},
                                     .purpose = "credit_assessment",
                                     .token = "files-need-no-token",
                                     .expires_at = kNow + std::chrono::hours(1)})
                    .ok());
    const auto result = underwriter.underwrite(
        {.application_id = "app-" + std::to_string(++n),
         .enterprise_id = "ent-" + std::to_string(n),
         .uscc = uscc,
         .product = &product,
         .requested = Money::from_minor_units(3'000'000, kCny),
         .installments = 12,
         .purpose = "working_capital",
         .as_of = Date{std::chrono::year{2026}, std::chrono::month{1}, std::chrono::day{15}}});
    ASSERT_TRUE(result.ok()) << uscc << ": " << result.error().to_string();
    ++outcomes[result.value().outcome];
    for (const origination::Reason& reason : result.value().reasons) {
      EXPECT_EQ(reason.text.find("Decision rule"), std::string::npos)
          << reason.code << " has no text in reasons.cc";
    }
    for (const origination::Factor& factor : result.value().factors) {
      EXPECT_NE(factor.text, factor.feature) << factor.feature << " is not in the catalogue";
      EXPECT_TRUE(factor.model.starts_with("sme-")) << factor.model;
    }
    if (result.value().outcome == origination::Outcome::kApprove) {
      EXPECT_TRUE(result.value().limit.is_positive());
      // The score behind an approval comes with the features that drove it.
      EXPECT_FALSE(result.value().factors.empty()) << uscc;
    }
  }
  EXPECT_EQ(n, 200);
  EXPECT_GT(outcomes[origination::Outcome::kApprove], 50);
  EXPECT_GT(outcomes[origination::Outcome::kDecline], 10);
  EXPECT_GT(outcomes[origination::Outcome::kRefer], 0);
}

}  // namespace
}  // namespace smecredit::underwriting

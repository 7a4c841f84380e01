// The shipped reference policy (policies/reference.json): it compiles, its
// table lints clean of overlaps, every reference application is decided and
// replays byte for byte.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "decision/policy/json_reader.h"
#include "decision/record/record.h"
#include "decision/reference_models.h"
#include "decision/table/table.h"

namespace smecredit::decision {
namespace {

std::string read(const std::string& name) {
  std::ifstream in(std::string(SMECREDIT_POLICIES_DIR) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ReferencePolicyTest, DecidesAndReplaysEveryReferenceApplication) {
  auto policy = compile_policy(read("reference.json"), reference_placeholder_models());
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_EQ(policy.value()->input_count(), 201u);
  Value apps = parse_json_value(read("reference-applications.json")).value();
  ASSERT_EQ(apps.kind(), ValueKind::kArray);
  std::map<std::string, int> verdicts;
  const Date as_of = parse_date("2026-11-22").value();
  for (const Value& app : apps.as_array()) {
    std::vector<Value> inputs = policy.value()->bind_inputs(app).value();
    Result<DecisionRecord> record = record_decision(*policy.value(), inputs, as_of, "champion");
    ASSERT_TRUE(record.ok()) << record.error().message;
    ++verdicts[std::string(verdict_name(record.value().decision.verdict))];
    const std::string stored = record.value().to_json();
    EXPECT_EQ(replay(*policy.value(), stored).value().to_json(), stored);
  }
  EXPECT_GT(verdicts["approve"], 0);
  EXPECT_GT(verdicts["decline"] + verdicts["refer"], 0);
}

// Explaining is a choice per decision: without it the models' factors are
// not computed, the record says so, and it still replays byte for byte.
TEST(ReferencePolicyTest, FactorsOnlyWhenExplainedAndBothKindsReplay) {
  auto policy = compile_policy(read("reference.json"), reference_placeholder_models());
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  const Value app = parse_json_value(read("reference-applications.json")).value().as_array()[0];
  const std::vector<Value> inputs = policy.value()->bind_inputs(app).value();
  const Date as_of = parse_date("2026-11-22").value();
  const DecisionRecord explained =
      record_decision(*policy.value(), inputs, as_of, "champion").value();
  const DecisionRecord plain =
      record_decision(*policy.value(), inputs, as_of, "champion", false).value();
  ASSERT_EQ(explained.decision.factors.size(), 2u);  // the scorecard and the gbdt steps
  EXPECT_EQ(explained.decision.factors[0].model, "reference-scorecard@placeholder-1");
  EXPECT_FALSE(explained.decision.factors[0].factors.empty());
  EXPECT_TRUE(plain.decision.factors.empty());
  EXPECT_EQ(plain.decision.verdict, explained.decision.verdict);
  EXPECT_EQ(explained.to_json().find("\"explained\""), std::string::npos);
  EXPECT_NE(plain.to_json().find(",\"explained\":false"), std::string::npos);
  EXPECT_EQ(replay(*policy.value(), plain.to_json()).value().to_json(), plain.to_json());
  EXPECT_EQ(replay(*policy.value(), explained.to_json()).value().to_json(), explained.to_json());
}

TEST(ReferencePolicyTest, RulesAndTablePartCompiles) {
  auto policy = compile_policy(read("reference-rules-table.json"), reference_placeholder_models());
  ASSERT_TRUE(policy.ok()) << policy.error().message;
}

}  // namespace
}  // namespace smecredit::decision

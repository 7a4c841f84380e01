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

TEST(ReferencePolicyTest, RulesAndTablePartCompiles) {
  auto policy = compile_policy(read("reference-rules-table.json"), reference_placeholder_models());
  ASSERT_TRUE(policy.ok()) << policy.error().message;
}

}  // namespace
}  // namespace smecredit::decision

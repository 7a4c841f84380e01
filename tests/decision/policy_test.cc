#include "decision/policy/policy.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "decision/policy/registry.h"
#include "decision/record/record.h"

namespace smecredit::decision {
namespace {

constexpr std::string_view kPolicy = R"json({
  "name": "test-policy",
  "version": 3,
  "inputs": [
    {"name": "age", "type": "number"},
    {"name": "sector", "type": "string"},
    {"name": "annual_revenue", "type": "number"},
    {"name": "monthly_cash_flow", "type": "number"},
    {"name": "obligations", "type": "array"},
    {"name": "founded", "type": "date"},
    {"name": "requested", "type": "number"}
  ],
  "outputs": ["years", "grade", "score", "pd"],
  "steps": [
    {"id": "derive", "type": "assign", "assign": [
      {"name": "years", "expr": "div(days_between(founded, date('2026-11-22')), 365, 0)"},
      {"name": "monthly_debt", "expr": "sum(obligations, o -> o.monthly)"}
    ]},
    {"id": "ko", "type": "rules", "rules": [
      {"code": "KO_AGE", "when": "age < 18 or age > 70"},
      {"code": "KO_SECTOR", "when": "sector in ['gambling', 'weapons']"},
      {"code": "KO_YOUNG", "when": "years < 1"}
    ]},
    {"id": "watch", "type": "rules", "action": "refer", "rules": [
      {"code": "RF_DEBT", "when": "monthly_debt > monthly_cash_flow * 0.5"}
    ]},
    {"id": "score", "type": "scorecard", "model": "card", "output": "score"},
    {"id": "pd", "type": "gbdt", "model": "trees", "output": "pd"},
    {"id": "grade", "type": "table", "hit_policy": "first",
     "inputs": ["score", "sector"], "outputs": ["grade"],
     "rows": [
       {"when": [">= 650", "-"], "then": ["'A'"]},
       {"when": ["[550..650)", "-"], "then": ["'B'"]},
       {"when": ["< 550", "-"], "then": ["'C'"]}
     ]},
    {"id": "route", "type": "switch",
     "cases": [{"when": "grade == 'C'", "next": "decline"}], "next": "extra"},
    {"id": "extra", "type": "subpolicy", "steps": [
      {"id": "big", "type": "rules", "action": "refer", "rules": [
        {"code": "RF_LARGE", "when": "requested > 900000"}
      ]}
    ]},
    {"id": "price", "type": "pricing",
     "product": {
       "code": "SME-CREDIT-12M", "version": 1, "currency": "CNY",
       "amount": {"min": "1000.00", "max": "1000000.00"},
       "term": {"min_installments": 12, "max_installments": 12},
       "security": {"type": "unsecured"},
       "repayment": {"method": "equal-installment", "frequency": "monthly",
                     "interest": "per-period", "days_in_year": 365, "rounding": "half-even",
                     "installment_multiple": 0, "grace_principal": 0, "grace_interest": 0},
       "fees": {"upfront": {"type": "percentage", "value": "1"},
                "per_installment": {"type": "fixed", "value": "0.00"}},
       "penalty": {"rate_multiplier": "1.5"},
       "allocation_order": ["penalty", "fees", "interest", "principal"],
       "prepayment": {"fee_percent": "0", "mode": "keep-term-lower-installment"},
       "apr_cap_percent": "24"
     },
     "term_months": 12,
     "funding_cost": "0.025", "operating_cost": "0.015", "capital_ratio": "0.08",
     "hurdle_rate": "0.15", "min_rate": "0.06", "max_rate": "0.2", "apr_cap": "0.24",
     "max_debt_service_ratio": "0.4", "revenue_multiple": "0.2",
     "score_bands": [{"min_score": "650", "limit_multiplier": "1.5"},
                     {"min_score": "550", "limit_multiplier": "1"}],
     "inputs": {"pd": "pd", "lgd": "0.45", "score": "score",
                "annual_revenue": "annual_revenue", "monthly_cash_flow": "monthly_cash_flow",
                "monthly_obligations": "monthly_debt", "collateral_value": "0",
                "requested": "requested"},
     "next": "approve"},
    {"id": "decline", "type": "outcome", "decision": "decline", "reasons": ["LOW_GRADE"]},
    {"id": "approve", "type": "outcome", "decision": "approve"}
  ]
})json";

constexpr std::string_view kGood = R"json({"age": 45, "sector": "retail",
  "annual_revenue": 2400000.00, "monthly_cash_flow": 60000.00,
  "obligations": [{"monthly": 5000.00}, {"monthly": 2500.50}],
  "founded": "2015-03-01", "requested": 300000.00})json";

ModelCatalog test_models() {
  ModelCatalog models;
  models.add(std::make_shared<LinearScoreModel>(
      "card", "1", 400.0,
      std::vector<std::pair<std::string, double>>{{"years", 15.0}, {"age", 1.0}}, false));
  models.add(std::make_shared<LinearScoreModel>(
      "trees", "1", -2.0, std::vector<std::pair<std::string, double>>{{"years", -0.1}}, true));
  return models;
}

std::shared_ptr<const CompiledPolicy> compile(std::string_view text = kPolicy) {
  auto policy = compile_policy(text, test_models());
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  return policy.ok() ? policy.value() : nullptr;
}

Date as_of() {
  return parse_date("2026-11-22").value();
}

TEST(PolicyTest, ApprovesWithAnOfferAndItsApr) {
  auto policy = compile();
  ASSERT_NE(policy, nullptr);
  DecisionRecord record = decide_and_record(*policy, kGood, as_of()).value();
  const Decision& d = record.decision;
  EXPECT_EQ(verdict_name(d.verdict), "approve") << record.to_json();
  ASSERT_TRUE(d.has_offer);
  // 60000 x 0.4 - 7500.50 a month for 12 months, rounded down to hundreds.
  EXPECT_EQ(d.offer.limit.to_string(), "190700.00");
  EXPECT_EQ(d.offer.binding, "capacity");
  EXPECT_GE(d.offer.annual_rate, Decimal::parse("0.06").value());
  EXPECT_LE(d.offer.apr, Decimal::parse("0.24").value());
  EXPECT_GT(d.offer.apr, d.offer.annual_rate);  // the upfront fee raises the APR
  EXPECT_EQ(d.outputs[0].second.to_json(), "12");
  EXPECT_EQ(d.outputs[1].second.to_json(), "\"B\"");  // 400 + 15 x 12 + 45
}

TEST(PolicyTest, KnockOutsDeclineWithEveryReason) {
  auto policy = compile();
  std::string app(kGood);
  app.replace(app.find("45"), 2, "17");
  app.replace(app.find("retail"), 6, "weapons");
  DecisionRecord record = decide_and_record(*policy, app, as_of()).value();
  EXPECT_EQ(verdict_name(record.decision.verdict), "decline");
  EXPECT_EQ(record.decision.reasons, (std::vector<std::string>{"KO_AGE", "KO_SECTOR"}));
  EXPECT_FALSE(record.decision.has_offer);
}

TEST(PolicyTest, RefersFromTheSubPolicyAndTheWatchRules) {
  auto policy = compile();
  std::string app(kGood);
  app.replace(app.find("300000.00"), 9, "950000.00");
  app.replace(app.find("5000.00"), 7, "50000.00");
  DecisionRecord record = decide_and_record(*policy, app, as_of()).value();
  EXPECT_EQ(verdict_name(record.decision.verdict), "refer");
  EXPECT_EQ(record.decision.reasons, (std::vector<std::string>{"RF_DEBT", "RF_LARGE"}));
  bool saw_sub = false;
  for (const TraceEntry& t : record.decision.trace) saw_sub |= t.step == "extra/big";
  EXPECT_TRUE(saw_sub);
}

TEST(PolicyTest, MissingInputsAreNullAndRulesDoNotFireOnNull) {
  auto policy = compile();
  DecisionRecord record =
      decide_and_record(*policy, R"json({"age": 30, "founded": "2010-01-01"})json", as_of())
          .value();
  EXPECT_NE(record.to_json().find("\"decision\":"), std::string::npos);
  EXPECT_TRUE(record.decision.reasons.empty() || record.decision.reasons[0] != "KO_AGE");
}

TEST(PolicyTest, ValidationNamesTheJsonPointerAndTheColumn) {
  std::string bad(kPolicy);
  bad.replace(bad.find("sector in ['gambling'"), 6, "sectr ");
  auto result = compile_policy(bad, test_models());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "/steps/1/rules/1/when: 1:1: unknown name 'sectr'");

  bad = std::string(kPolicy);
  bad.replace(bad.find("age > 70"), 8, "age >> 7");
  EXPECT_EQ(compile_policy(bad, test_models()).error().message,
            "/steps/1/rules/0/when: 1:18: expected a value");

  bad = std::string(kPolicy);
  bad.replace(bad.find("\"[550..650)\""), 12, "\"[550..650\" ");
  EXPECT_EQ(compile_policy(bad, test_models()).error().message,
            "/steps/5/rows/1/when/0: 1:10: expected ']' or ')' to close the range");

  bad = std::string(kPolicy);
  bad.replace(bad.find("\"next\": \"extra\""), 15, "\"next\": \"ko\"   ");
  EXPECT_EQ(compile_policy(bad, test_models()).error().message,
            "/steps/6: the steps form a cycle through 'ko'");

  EXPECT_EQ(compile_policy("{\"name\": 1}", test_models()).error().message,
            "/name: must be a string");
  EXPECT_EQ(compile_policy("{\n  \"name\": }", test_models()).error().message,
            "JSON 2:11: Invalid value.");
}

TEST(PolicyTest, ApplicationsAreTyped) {
  auto policy = compile();
  EXPECT_EQ(policy->bind_application(R"({"age": "x"})").error().message, "/age: needs a number");
  EXPECT_EQ(policy->bind_application(R"({"agee": 1})").error().message,
            "/agee: not an input of test-policy@3");
  EXPECT_EQ(policy->bind_application(R"({"age": 1e3})").error().message,
            "JSON 1:9: number 1e3 is not an exact decimal");
}

TEST(RecordTest, ReplayReproducesTheRecordBitForBit) {
  auto policy = compile();
  const std::vector<std::string> apps = {
      std::string(kGood), R"json({"age": 17, "founded": "2020-01-01"})json",
      R"json({"age": 40, "sector": "food", "annual_revenue": 100000, "monthly_cash_flow": 900,
              "obligations": [], "founded": "2025-06-30", "requested": 50000})json"};
  for (const std::string& app : apps) {
    DecisionRecord record = decide_and_record(*policy, app, as_of()).value();
    const std::string stored = record.to_json();
    Result<DecisionRecord> replayed = replay(*policy, stored);
    ASSERT_TRUE(replayed.ok()) << replayed.error().message;
    EXPECT_EQ(replayed.value().to_json(), stored);
    EXPECT_EQ(record.input_sha256, sha256_hex(record.input_snapshot));
    EXPECT_EQ(record.input_sha256.size(), 64u);
  }
}

TEST(RecordTest, ReplayRefusesATamperedSnapshotOrAnotherVersion) {
  auto policy = compile();
  std::string stored = decide_and_record(*policy, kGood, as_of()).value().to_json();
  std::string tampered = stored;
  tampered.replace(tampered.find("\\\"age\\\":45"), 10, "\\\"age\\\":46");
  EXPECT_EQ(replay(*policy, tampered).error().code, ErrorCode::kConflict);
  std::string v4(kPolicy);
  v4.replace(v4.find("\"version\": 3"), 12, "\"version\": 4");
  EXPECT_EQ(replay(*compile(v4), stored).error().code, ErrorCode::kFailedPrecondition);
}

TEST(RecordTest, TheSameInputGivesTheSameHashWhateverTheKeyOrder) {
  auto policy = compile();
  auto a = decide_and_record(*policy, R"({"age": 30, "sector": "x"})", as_of()).value();
  auto b = decide_and_record(*policy, R"({"sector": "x", "age": 30})", as_of()).value();
  EXPECT_EQ(a.input_sha256, b.input_sha256);
  EXPECT_EQ(a.to_json(), b.to_json());
}

TEST(ExperimentTest, SplitIsDeterministicAndNearTheShare) {
  int challenger = 0;
  for (int i = 0; i < 10'000; ++i) {
    const std::string id = "ENT-" + std::to_string(i);
    const bool routed = route_to_challenger(id, 2'000);
    EXPECT_EQ(routed, route_to_challenger(id, 2'000));
    challenger += routed ? 1 : 0;
  }
  EXPECT_NEAR(challenger, 2'000, 200);
  EXPECT_FALSE(route_to_challenger("ENT-1", 0));
  EXPECT_TRUE(route_to_challenger("ENT-1", 10'000));
}

TEST(ExperimentTest, BothArmsAreRecorded) {
  auto champion = compile();
  std::string text(kPolicy);
  text.replace(text.find("\"version\": 3"), 12, "\"version\": 4");
  text.replace(text.find("age > 70"), 8, "age > 40");
  auto challenger = compile(text);
  ExperimentRecords records =
      decide_experiment(*champion, *challenger, 10'000, "ENT-7", kGood, as_of()).value();
  EXPECT_EQ(records.decided.arm, "challenger");
  EXPECT_EQ(records.decided.policy, "test-policy@4");
  EXPECT_EQ(verdict_name(records.decided.decision.verdict), "decline");
  EXPECT_EQ(records.shadow.arm, "shadow-champion");
  EXPECT_EQ(verdict_name(records.shadow.decision.verdict), "approve");
  EXPECT_EQ(records.decided.input_sha256, records.shadow.input_sha256);
}

TEST(RegistryTest, ActivationIsAtomicAndInFlightDecisionsKeepTheirVersion) {
  PolicyRegistry registry;
  auto v3 = compile();
  ASSERT_TRUE(registry.activate(v3).ok());
  std::string text(kPolicy);
  text.replace(text.find("\"version\": 3"), 12, "\"version\": 4");
  auto v4 = compile(text);
  PolicyRegistry::PolicyPtr in_flight = registry.active("test-policy").value();
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::thread reader([&] {
    while (!stop.load()) {
      auto p = registry.active("test-policy").value();
      if (p->version() != 3 && p->version() != 4) bad.fetch_add(1);
    }
  });
  ASSERT_TRUE(registry.activate(v4).ok());
  stop.store(true);
  reader.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(in_flight->version(), 3);
  EXPECT_EQ(decide_and_record(*in_flight, kGood, as_of()).value().policy, "test-policy@3");
  EXPECT_EQ(registry.active("test-policy").value()->version(), 4);
  EXPECT_EQ(registry.activate(v3).error().code, ErrorCode::kConflict);
  EXPECT_EQ(registry.find("test-policy@3").value(), v3);
}

}  // namespace
}  // namespace smecredit::decision

// Policies: versioned JSON documents compiled once into an executable graph
// of steps, then run for each application.
//
// The format is in docs/decisions-engine.md. In short: a policy has a name,
// a version, declared inputs (name and type), optional outputs (variables
// a decision reports) and steps. Each step has an id and a type:
//   assign     computes variables from expressions
//   rules      knock-out rules, each with a reason code; any that fires
//              declines (or refers, with "action": "refer")
//   table      a decision table (table/table.h) writing its outputs
//   scorecard, gbdt
//              calls a ScoreModel from the ModelCatalog, writing its score
//   switch     picks the next step by the first case whose "when" is true
//   subpolicy  an inline flow of steps sharing the variables; its decline
//              or refer ends the parent
//   pricing    limit, rate and APR for a loan product (pricing/pricing.h)
//   outcome    ends the flow: approve, decline or refer, with reasons
// A step goes to "next" (a step id), else to the following step; the steps
// must form a directed acyclic graph. A flow that ends without an outcome
// refers with reason NO_OUTCOME.
//
// Validation reports the first error with its JSON pointer and, inside an
// expression, LINE:COLUMN: "/steps/3/rules/2/when: 1:5: unknown name 'x'".
// Decimals are JSON strings ("0.025") or integers, never JSON fractions.
//
// Thread-safety: a CompiledPolicy is immutable; decide() is reentrant.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "decision/expr/compile.h"
#include "decision/pricing/pricing.h"
#include "decision/score_model.h"
#include "decision/table/table.h"

namespace smecredit::decision {

enum class Verdict { kApprove, kDecline, kRefer };
std::string_view verdict_name(Verdict verdict);

inline constexpr size_t kMaxPolicyBytes = size_t{8} * 1024 * 1024;
inline constexpr size_t kMaxPolicySteps = 10'000;

struct TraceEntry {
  std::string step;  // the step id ("ko" or "sub/ko" inside a sub-policy)
  std::string note;  // "fired KO_AGE, KO_SECTOR", "row 17", "-> manual", "score 612.25"
};

// What a model step scored on: its largest contributions, largest first
// (scorecard points against the best bin; SHAP values for trees).
struct ModelFactors {
  std::string step;   // the step id ("sub/score" inside a sub-policy)
  std::string model;  // "name@version"
  std::vector<ScoreFactor> factors;
};

struct Decision {
  Verdict verdict = Verdict::kRefer;
  bool has_offer = false;
  Offer offer;
  std::vector<std::string> reasons;  // reason codes, in the order they arose
  std::vector<TraceEntry> trace;
  std::vector<std::pair<std::string, Value>> outputs;  // the policy's declared outputs
  // Per model step, in the order they ran. Explanations for people; not part
  // of the decision record (the trace names the same features).
  std::vector<ModelFactors> factors;
};

class CompiledPolicy;

Result<std::shared_ptr<const CompiledPolicy>> compile_policy(std::string_view json,
                                                             const ModelCatalog& models);

class CompiledPolicy {
 public:
  struct Flow;
  ~CompiledPolicy();

  const std::string& name() const { return name_; }
  int version() const { return version_; }
  const Schema& schema() const { return schema_; }
  size_t input_count() const { return input_types_.size(); }
  // "name@version"
  std::string id() const { return name_ + "@" + std::to_string(version_); }

  // The application (a JSON object of input name -> value; numbers exact,
  // dates "YYYY-MM-DD") as input values in slot order; absent inputs are
  // null, unknown names and values of the wrong type are errors.
  Result<std::vector<Value>> bind_application(std::string_view json) const;
  // The same from an already parsed object.
  Result<std::vector<Value>> bind_inputs(const Value& application) const;

  // The inputs as canonical JSON (names sorted, numbers with their scale).
  std::string canonical_inputs(std::span<const Value> inputs) const;

  // Runs the policy; `as_of` dates the offer (the core reads no clock).
  // With `explain`, model steps also compute the factors behind their
  // scores (Decision::factors, and their names in the step's trace note).
  Result<Decision> decide(std::span<const Value> inputs, Date as_of, bool explain = false) const;

  // "name@version: 7 top-level steps, 200 inputs, 260 variables".
  std::string summary() const;

  // The lint of every decision table, by the table step's JSON pointer.
  std::vector<std::pair<std::string, LintReport>> lint_tables() const;

 private:
  friend Result<std::shared_ptr<const CompiledPolicy>> compile_policy(std::string_view,
                                                                      const ModelCatalog&);
  friend class PolicyCompiler;
  CompiledPolicy();

  std::string name_;
  int version_ = 0;
  Schema schema_;
  std::vector<ValueKind> input_types_;  // slots 0..input_count-1
  std::vector<size_t> sorted_inputs_;   // input slots in name order (canonical JSON)
  std::vector<int> output_slots_;
  std::unique_ptr<Flow> flow_;
};

}  // namespace smecredit::decision

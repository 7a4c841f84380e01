#include "decision/policy/policy.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <utility>

#include "decision/expr/arith.h"
#include "decision/policy/json_reader.h"
#include "decision/table/table.h"

namespace smecredit::decision {

namespace {

enum class StepKind { kAssign, kRules, kTable, kModel, kSwitch, kSubpolicy, kPricing, kOutcome };

constexpr int kScoreScale = 6;
constexpr int kMaxSubpolicyDepth = 8;

struct CompiledExpr {
  std::string pointer;  // where it came from, for evaluation errors
  Expression expr;
};

struct Rule {
  std::string code;
  CompiledExpr when;
};

struct PricingStep {
  PricingParams params;
  // pd, lgd, score, annual_revenue, monthly_cash_flow, monthly_obligations,
  // collateral_value, requested: in this order.
  std::vector<CompiledExpr> inputs;
  int limit_slot = -1;
  int rate_slot = -1;
  int apr_slot = -1;
};

constexpr const char* kPricingInputs[] = {"pd",
                                          "lgd",
                                          "score",
                                          "annual_revenue",
                                          "monthly_cash_flow",
                                          "monthly_obligations",
                                          "collateral_value",
                                          "requested"};

}  // namespace

struct CompiledPolicy::Flow {
  struct Step {
    StepKind kind = StepKind::kAssign;
    std::string id;
    int next = -1;  // index in the flow; -1 ends it
    std::vector<std::pair<int, CompiledExpr>> assigns;
    std::vector<Rule> rules;
    Verdict rule_action = Verdict::kDecline;
    std::shared_ptr<const CompiledTable> table;
    std::string table_pointer;
    std::vector<int> table_slots;
    std::shared_ptr<const ScoreModel> model;
    std::vector<std::string> feature_names;
    std::vector<int> feature_slots;
    int score_slot = -1;
    std::vector<std::pair<CompiledExpr, int>> cases;
    int default_next = -1;
    std::unique_ptr<Flow> sub;
    std::unique_ptr<PricingStep> pricing;
    Verdict verdict = Verdict::kApprove;
    std::vector<std::string> reasons;
  };
  std::vector<Step> steps;
};

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kApprove:
      return "approve";
    case Verdict::kDecline:
      return "decline";
    case Verdict::kRefer:
      return "refer";
  }
  return "refer";
}

namespace {

Result<Verdict> parse_verdict(std::string_view text, const std::string& pointer) {
  if (text == "approve") return Verdict::kApprove;
  if (text == "decline") return Verdict::kDecline;
  if (text == "refer") return Verdict::kRefer;
  return error_at(pointer, "must be approve, decline or refer");
}

Result<ValueKind> parse_type(std::string_view text, const std::string& pointer) {
  static constexpr std::pair<std::string_view, ValueKind> kTypes[] = {
      {"number", ValueKind::kNumber}, {"string", ValueKind::kString},
      {"bool", ValueKind::kBool},     {"date", ValueKind::kDate},
      {"array", ValueKind::kArray},   {"object", ValueKind::kObject},
  };
  for (const auto& [name, kind] : kTypes) {
    if (name == text) return kind;
  }
  return error_at(pointer, "type must be number, string, bool, date, array or object");
}

std::string write_json(const Json& json) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  json.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<std::vector<std::string>> read_strings(const Json& object, const char* key,
                                              const std::string& pointer, bool required) {
  std::vector<std::string> out;
  const Json* array = member(object, key);
  if (array == nullptr && !required) return out;
  if (array == nullptr || !array->IsArray())
    return error_at(pointer + "/" + key, "must be an array");
  for (rapidjson::SizeType i = 0; i < array->Size(); ++i) {
    const Json& item = (*array)[i];
    if (!item.IsString()) {
      return error_at(pointer + "/" + key + "/" + std::to_string(i), "must be a string");
    }
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

// Turns a model's double into an exact decimal with kScoreScale digits.
Result<Decimal> score_decimal(double score) {
  if (!std::isfinite(score) || std::fabs(score) > 1e12) {
    return Error{ErrorCode::kOutOfRange, "model score not finite or out of range"};
  }
  return Decimal::from_parts(static_cast<int64_t>(std::llround(score * 1e6)), kScoreScale);
}

}  // namespace

// Builds a CompiledPolicy from its JSON document.
class PolicyCompiler {
 public:
  PolicyCompiler(CompiledPolicy* policy, const ModelCatalog& models)
      : policy_(policy), models_(models) {}

  Status compile(const Json& root) {
    if (!root.IsObject()) return error_at("", "a policy is a JSON object");
    SC_ASSIGN_OR_RETURN(policy_->name_, read_string(root, "name", ""));
    SC_ASSIGN_OR_RETURN(policy_->version_, read_int(root, "version", "", 1, 1'000'000'000));
    SC_RETURN_IF_ERROR(inputs(root));
    const Json* steps = read_array(root, "steps");
    if (steps == nullptr) return error_at("/steps", "must be an array of steps");
    auto flow = std::make_unique<CompiledPolicy::Flow>();
    SC_RETURN_IF_ERROR(compile_flow(*steps, "/steps", 0, flow.get()));
    policy_->flow_ = std::move(flow);
    SC_ASSIGN_OR_RETURN(std::vector<std::string> outputs, read_strings(root, "outputs", "", false));
    for (size_t i = 0; i < outputs.size(); ++i) {
      const int slot = policy_->schema_.find(outputs[i]);
      if (slot < 0) return error_at("/outputs/" + std::to_string(i), "no such variable");
      policy_->output_slots_.push_back(slot);
    }
    return ok_status();
  }

 private:
  using Flow = CompiledPolicy::Flow;
  using Step = Flow::Step;

  Status inputs(const Json& root) {
    const Json* list = read_array(root, "inputs");
    if (list == nullptr) return error_at("/inputs", "must be an array");
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      const std::string at = "/inputs/" + std::to_string(i);
      SC_ASSIGN_OR_RETURN(std::string name, read_string((*list)[i], "name", at));
      SC_ASSIGN_OR_RETURN(std::string type, read_string((*list)[i], "type", at));
      SC_ASSIGN_OR_RETURN(ValueKind kind, parse_type(type, at + "/type"));
      if (policy_->schema_.find(name) >= 0) return error_at(at + "/name", "declared twice");
      policy_->schema_.add(name);
      policy_->input_types_.push_back(kind);
    }
    auto& sorted = policy_->sorted_inputs_;
    for (size_t i = 0; i < policy_->input_types_.size(); ++i) sorted.push_back(i);
    std::sort(sorted.begin(), sorted.end(), [this](size_t a, size_t b) {
      return policy_->schema_.name(static_cast<int>(a)) <
             policy_->schema_.name(static_cast<int>(b));
    });
    return ok_status();
  }

  Result<CompiledExpr> expression(const Json& object, const char* key, const std::string& at) {
    SC_ASSIGN_OR_RETURN(std::string text, read_string(object, key, at));
    const std::string pointer = at + "/" + key;
    Result<Expression> e = compile_expression(text, policy_->schema_);
    if (!e.ok()) return error_at(pointer, e.error().message);
    return CompiledExpr{pointer, std::move(e).value()};
  }

  // A variable a step writes: a new slot (inputs cannot be overwritten).
  Result<int> output_slot(const std::string& name, const std::string& pointer) {
    if (name.empty()) return error_at(pointer, "needs a variable name");
    const int existing = policy_->schema_.find(name);
    if (existing >= 0 && static_cast<size_t>(existing) < policy_->input_types_.size()) {
      return error_at(pointer, "'" + name + "' is an input and cannot be assigned");
    }
    return policy_->schema_.add(name);
  }

  Status compile_flow(const Json& steps, const std::string& at, int depth, Flow* flow) {
    if (depth > kMaxSubpolicyDepth) return error_at(at, "sub-policies nested too deeply");
    if (steps.Size() == 0 || steps.Size() > kMaxPolicySteps) {
      return error_at(at, "needs 1 to 10000 steps");
    }
    std::map<std::string, int> ids;
    for (rapidjson::SizeType i = 0; i < steps.Size(); ++i) {
      const std::string step_at = at + "/" + std::to_string(i);
      SC_ASSIGN_OR_RETURN(std::string id, read_string(steps[i], "id", step_at));
      if (!ids.emplace(id, static_cast<int>(i)).second) {
        return error_at(step_at + "/id", "duplicate step id '" + id + "'");
      }
    }
    flow->steps.resize(steps.Size());
    for (rapidjson::SizeType i = 0; i < steps.Size(); ++i) {
      const std::string step_at = at + "/" + std::to_string(i);
      Step& step = flow->steps[i];
      step.id = read_string(steps[i], "id", step_at).value();
      SC_RETURN_IF_ERROR(compile_step(steps[i], step_at, depth, &step));
      SC_RETURN_IF_ERROR(link(steps[i], step_at, ids, static_cast<int>(i), &step));
    }
    return check_acyclic(*flow, at);
  }

  static Result<int> target(const std::string& id, const std::map<std::string, int>& ids,
                            const std::string& pointer) {
    if (id == "end") return -1;
    auto it = ids.find(id);
    if (it == ids.end()) return error_at(pointer, "no step '" + id + "' in this flow");
    return it->second;
  }

  Status link(const Json& json, const std::string& at, const std::map<std::string, int>& ids,
              int index, Step* step) {
    const int following = index + 1 < static_cast<int>(ids.size()) ? index + 1 : -1;
    SC_ASSIGN_OR_RETURN(std::string next, read_string(json, "next", at, false));
    step->next = following;
    if (!next.empty()) {
      SC_ASSIGN_OR_RETURN(step->next, target(next, ids, at + "/next"));
    }
    if (step->kind != StepKind::kSwitch) return ok_status();
    const Json& cases = *member(json, "cases");
    for (rapidjson::SizeType c = 0; c < cases.Size(); ++c) {
      const std::string case_at = at + "/cases/" + std::to_string(c);
      SC_ASSIGN_OR_RETURN(std::string to, read_string(cases[c], "next", case_at));
      SC_ASSIGN_OR_RETURN(step->cases[c].second, target(to, ids, case_at + "/next"));
    }
    step->default_next = step->next;
    return ok_status();
  }

  // Depth-first search for a cycle through next, cases and defaults.
  static Status check_acyclic(const Flow& flow, const std::string& at) {
    const size_t n = flow.steps.size();
    std::vector<int> state(n, 0);  // 0 new, 1 on the path, 2 done
    for (size_t start = 0; start < n; ++start) {
      if (state[start] != 0) continue;
      std::vector<std::pair<int, size_t>> stack = {{static_cast<int>(start), 0}};
      state[start] = 1;
      while (!stack.empty()) {
        auto& [node, edge] = stack.back();
        const Step& step = flow.steps[static_cast<size_t>(node)];
        std::vector<int> edges = {step.next};
        for (const auto& c : step.cases) edges.push_back(c.second);
        if (edge >= edges.size()) {
          state[static_cast<size_t>(node)] = 2;
          stack.pop_back();
          continue;
        }
        const int to = edges[edge++];
        if (to < 0) continue;
        if (state[static_cast<size_t>(to)] == 1) {
          return error_at(
              at + "/" + std::to_string(node),
              "the steps form a cycle through '" + flow.steps[static_cast<size_t>(to)].id + "'");
        }
        if (state[static_cast<size_t>(to)] == 0) {
          state[static_cast<size_t>(to)] = 1;
          stack.emplace_back(to, 0);
        }
      }
    }
    return ok_status();
  }

  Status compile_step(const Json& json, const std::string& at, int depth, Step* step) {
    SC_ASSIGN_OR_RETURN(std::string type, read_string(json, "type", at));
    if (type == "assign") return assign(json, at, step);
    if (type == "rules") return rules(json, at, step);
    if (type == "table") return table(json, at, step);
    if (type == "scorecard" || type == "gbdt") return model(json, at, step);
    if (type == "switch") return switch_step(json, at, step);
    if (type == "subpolicy") return subpolicy(json, at, depth, step);
    if (type == "pricing") return pricing(json, at, step);
    if (type == "outcome") return outcome(json, at, step);
    return error_at(at + "/type", "unknown step type '" + type + "'");
  }

  Status assign(const Json& json, const std::string& at, Step* step) {
    step->kind = StepKind::kAssign;
    const Json* list = read_array(json, "assign");
    if (list == nullptr) return error_at(at + "/assign", "must be an array");
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      const std::string item_at = at + "/assign/" + std::to_string(i);
      SC_ASSIGN_OR_RETURN(CompiledExpr e, expression((*list)[i], "expr", item_at));
      SC_ASSIGN_OR_RETURN(std::string name, read_string((*list)[i], "name", item_at));
      SC_ASSIGN_OR_RETURN(int slot, output_slot(name, item_at + "/name"));
      step->assigns.emplace_back(slot, std::move(e));
    }
    return ok_status();
  }

  Status rules(const Json& json, const std::string& at, Step* step) {
    step->kind = StepKind::kRules;
    SC_ASSIGN_OR_RETURN(std::string action, read_string(json, "action", at, false));
    if (!action.empty()) {
      SC_ASSIGN_OR_RETURN(step->rule_action, parse_verdict(action, at + "/action"));
      if (step->rule_action == Verdict::kApprove) {
        return error_at(at + "/action", "a knock-out declines or refers");
      }
    }
    const Json* list = read_array(json, "rules");
    if (list == nullptr) return error_at(at + "/rules", "must be an array");
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      const std::string rule_at = at + "/rules/" + std::to_string(i);
      SC_ASSIGN_OR_RETURN(std::string code, read_string((*list)[i], "code", rule_at));
      SC_ASSIGN_OR_RETURN(CompiledExpr when, expression((*list)[i], "when", rule_at));
      step->rules.push_back(Rule{std::move(code), std::move(when)});
    }
    return ok_status();
  }

  Status table(const Json& json, const std::string& at, Step* step) {
    step->kind = StepKind::kTable;
    step->table_pointer = at;
    TableSpec spec;
    SC_ASSIGN_OR_RETURN(std::string hit, read_string(json, "hit_policy", at, false));
    if (!hit.empty()) {
      Result<HitPolicy> policy = parse_hit_policy(hit);
      if (!policy.ok()) return error_at(at + "/hit_policy", policy.error().message);
      spec.hit_policy = policy.value();
    }
    SC_ASSIGN_OR_RETURN(spec.inputs, read_strings(json, "inputs", at, true));
    SC_ASSIGN_OR_RETURN(spec.outputs, read_strings(json, "outputs", at, true));
    SC_ASSIGN_OR_RETURN(spec.defaults, read_strings(json, "defaults", at, false));
    const Json* rows = read_array(json, "rows");
    if (rows == nullptr) return error_at(at + "/rows", "must be an array");
    for (rapidjson::SizeType r = 0; r < rows->Size(); ++r) {
      const std::string row_at = at + "/rows/" + std::to_string(r);
      TableRowSpec row;
      SC_ASSIGN_OR_RETURN(row.conditions, read_strings((*rows)[r], "when", row_at, true));
      SC_ASSIGN_OR_RETURN(row.outputs, read_strings((*rows)[r], "then", row_at, true));
      spec.rows.push_back(std::move(row));
    }
    TableError where;
    Result<std::shared_ptr<const CompiledTable>> compiled =
        compile_table(spec, policy_->schema_, &where);
    if (!compiled.ok()) {
      std::string pointer = where.pointer;
      for (const char* from : {"/conditions/", "/outputs/"}) {
        const size_t p = pointer.find(from);
        if (p != std::string::npos) {
          pointer.replace(p, std::string_view(from).size(),
                          std::string_view(from) == "/conditions/" ? "/when/" : "/then/");
        }
      }
      return error_at(at + (pointer.empty() ? "" : "/" + pointer), where.error.message);
    }
    step->table = std::move(compiled).value();
    for (size_t o = 0; o < spec.outputs.size(); ++o) {
      SC_ASSIGN_OR_RETURN(int slot,
                          output_slot(spec.outputs[o], at + "/outputs/" + std::to_string(o)));
      step->table_slots.push_back(slot);
    }
    return ok_status();
  }

  Status model(const Json& json, const std::string& at, Step* step) {
    step->kind = StepKind::kModel;
    SC_ASSIGN_OR_RETURN(std::string name, read_string(json, "model", at));
    step->model = models_.find(name);
    if (step->model == nullptr) return error_at(at + "/model", "no model '" + name + "'");
    step->feature_names = step->model->feature_names();
    for (size_t i = 0; i < step->feature_names.size(); ++i) {
      const int slot = policy_->schema_.find(step->feature_names[i]);
      if (slot < 0) {
        return error_at(at + "/model", "the model reads '" + step->feature_names[i] +
                                           "', which is not a variable");
      }
      step->feature_slots.push_back(slot);
    }
    SC_ASSIGN_OR_RETURN(std::string output, read_string(json, "output", at));
    SC_ASSIGN_OR_RETURN(step->score_slot, output_slot(output, at + "/output"));
    return ok_status();
  }

  Status switch_step(const Json& json, const std::string& at, Step* step) {
    step->kind = StepKind::kSwitch;
    const Json* cases = read_array(json, "cases");
    if (cases == nullptr) return error_at(at + "/cases", "must be an array");
    for (rapidjson::SizeType c = 0; c < cases->Size(); ++c) {
      const std::string case_at = at + "/cases/" + std::to_string(c);
      SC_ASSIGN_OR_RETURN(CompiledExpr when, expression((*cases)[c], "when", case_at));
      step->cases.emplace_back(std::move(when), -1);
    }
    return ok_status();
  }

  Status subpolicy(const Json& json, const std::string& at, int depth, Step* step) {
    step->kind = StepKind::kSubpolicy;
    const Json* steps = read_array(json, "steps");
    if (steps == nullptr) return error_at(at + "/steps", "must be an array of steps");
    step->sub = std::make_unique<Flow>();
    return compile_flow(*steps, at + "/steps", depth + 1, step->sub.get());
  }

  Status pricing(const Json& json, const std::string& at, Step* step) {
    step->kind = StepKind::kPricing;
    auto pricing = std::make_unique<PricingStep>();
    PricingParams& p = pricing->params;
    const Json* product = member(json, "product");
    if (product == nullptr || !product->IsObject()) return error_at(at + "/product", "required");
    Result<loan::Product> parsed = loan::parse_product_json(write_json(*product));
    if (!parsed.ok()) return error_at(at + "/product", parsed.error().message);
    p.product = std::move(parsed).value();
    SC_ASSIGN_OR_RETURN(p.term_months, read_int(json, "term_months", at, 1, 600));
    const std::pair<const char*, Decimal*> decimals[] = {
        {"funding_cost", &p.funding_cost},
        {"operating_cost", &p.operating_cost},
        {"capital_ratio", &p.capital_ratio},
        {"hurdle_rate", &p.hurdle_rate},
        {"min_rate", &p.min_rate},
        {"max_rate", &p.max_rate},
        {"apr_cap", &p.apr_cap},
        {"max_debt_service_ratio", &p.max_debt_service_ratio},
        {"revenue_multiple", &p.revenue_multiple},
    };
    for (const auto& [key, field] : decimals) {
      SC_ASSIGN_OR_RETURN(*field, read_decimal(json, key, at));
    }
    SC_RETURN_IF_ERROR(bands(json, at, &p));
    Status valid = validate_pricing_params(p);
    if (!valid.ok()) return error_at(at, valid.error().message);
    const Json* inputs = member(json, "inputs");
    if (inputs == nullptr || !inputs->IsObject()) return error_at(at + "/inputs", "required");
    for (const char* key : kPricingInputs) {
      SC_ASSIGN_OR_RETURN(CompiledExpr e, expression(*inputs, key, at + "/inputs"));
      pricing->inputs.push_back(std::move(e));
    }
    SC_ASSIGN_OR_RETURN(pricing->limit_slot, output_slot("offer_limit", at));
    SC_ASSIGN_OR_RETURN(pricing->rate_slot, output_slot("offer_rate", at));
    SC_ASSIGN_OR_RETURN(pricing->apr_slot, output_slot("offer_apr", at));
    step->pricing = std::move(pricing);
    return ok_status();
  }

  static Status bands(const Json& json, const std::string& at, PricingParams* p) {
    const Json* list = read_array(json, "score_bands");
    if (list == nullptr) return ok_status();
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      const std::string band_at = at + "/score_bands/" + std::to_string(i);
      ScoreBand band;
      SC_ASSIGN_OR_RETURN(band.min_score, read_decimal((*list)[i], "min_score", band_at));
      SC_ASSIGN_OR_RETURN(band.limit_multiplier,
                          read_decimal((*list)[i], "limit_multiplier", band_at));
      if (!p->bands.empty() && !(band.min_score < p->bands.back().min_score)) {
        return error_at(band_at + "/min_score", "bands go from the highest score down");
      }
      p->bands.push_back(band);
    }
    return ok_status();
  }

  Status outcome(const Json& json, const std::string& at, Step* step) {
    step->kind = StepKind::kOutcome;
    SC_ASSIGN_OR_RETURN(std::string verdict, read_string(json, "decision", at));
    SC_ASSIGN_OR_RETURN(step->verdict, parse_verdict(verdict, at + "/decision"));
    SC_ASSIGN_OR_RETURN(step->reasons, read_strings(json, "reasons", at, false));
    if (member(json, "next") != nullptr) return error_at(at + "/next", "an outcome ends the flow");
    return ok_status();
  }

  CompiledPolicy* policy_;
  const ModelCatalog& models_;
};

CompiledPolicy::CompiledPolicy() = default;
CompiledPolicy::~CompiledPolicy() = default;

Result<std::shared_ptr<const CompiledPolicy>> compile_policy(std::string_view json,
                                                             const ModelCatalog& models) {
  if (json.size() > kMaxPolicyBytes) return error_at("", "policy document too large");
  rapidjson::Document doc;
  SC_RETURN_IF_ERROR(parse_json_text(json, &doc));
  std::shared_ptr<CompiledPolicy> policy(new CompiledPolicy());
  PolicyCompiler compiler(policy.get(), models);
  SC_RETURN_IF_ERROR(compiler.compile(doc));
  return std::shared_ptr<const CompiledPolicy>(std::move(policy));
}

Result<std::vector<Value>> CompiledPolicy::bind_application(std::string_view json) const {
  SC_ASSIGN_OR_RETURN(Value application, parse_json_value(json));
  return bind_inputs(application);
}

Result<std::vector<Value>> CompiledPolicy::bind_inputs(const Value& application) const {
  if (application.kind() != ValueKind::kObject) {
    return Error{ErrorCode::kInvalidArgument, "an application is a JSON object"};
  }
  std::vector<Value> inputs(input_types_.size());
  for (const auto& [name, value] : application.as_object()) {
    const int slot = schema_.find(name);
    if (slot < 0 || static_cast<size_t>(slot) >= input_types_.size()) {
      return error_at("/" + name, "not an input of " + id());
    }
    const ValueKind want = input_types_[static_cast<size_t>(slot)];
    Value bound = value;
    if (want == ValueKind::kDate && value.kind() == ValueKind::kString) {
      Result<Date> date = parse_date(value.as_string());
      if (!date.ok()) return error_at("/" + name, "needs a date YYYY-MM-DD");
      bound = Value::date(date.value());
    }
    if (!bound.is_null() && bound.kind() != want) {
      return error_at("/" + name, "needs a " + std::string(value_kind_name(want)));
    }
    inputs[static_cast<size_t>(slot)] = std::move(bound);
  }
  return inputs;
}

std::string CompiledPolicy::canonical_inputs(std::span<const Value> inputs) const {
  std::string out = "{";
  for (size_t k = 0; k < sorted_inputs_.size(); ++k) {
    const size_t slot = sorted_inputs_[k];
    if (k > 0) out.push_back(',');
    Value::string(schema_.name(static_cast<int>(slot))).append_json_to(&out);
    out.push_back(':');
    if (slot < inputs.size()) {
      inputs[slot].append_json_to(&out);
    } else {
      out += "null";
    }
  }
  out.push_back('}');
  return out;
}

namespace {

// The state of one decision as the steps run.
struct RunState {
  std::vector<Value> slots;
  EvalContext ctx;
  Decision decision;
  bool ended = false;
  bool refer = false;
  std::vector<uint32_t> rows;
  std::vector<Value> table_outputs;
  Date as_of;
  bool explain = false;
};

Error eval_error(const RunState& s, const std::string& pointer) {
  return error_at(pointer, s.ctx.error.message);
}

Result<Value> eval(RunState& s, const CompiledExpr& e) {
  Value out;
  if (!e.expr.evaluate(s.ctx, &out)) return eval_error(s, e.pointer);
  return out;
}

}  // namespace

class FlowRunner {
 public:
  using Flow = CompiledPolicy::Flow;
  using Step = Flow::Step;

  static Status run(const Flow& flow, const std::string& prefix, RunState& s) {
    int at = 0;
    for (size_t visited = 0; at >= 0 && visited <= flow.steps.size() && !s.ended; ++visited) {
      const Step& step = flow.steps[static_cast<size_t>(at)];
      int next = step.next;
      SC_RETURN_IF_ERROR(run_step(step, prefix, s, &next));
      at = next;
    }
    return ok_status();
  }

 private:
  static void trace(RunState& s, const std::string& prefix, const Step& step, std::string note) {
    s.decision.trace.push_back(TraceEntry{prefix + step.id, std::move(note)});
  }

  static Status run_step(const Step& step, const std::string& prefix, RunState& s, int* next) {
    switch (step.kind) {
      case StepKind::kAssign:
        for (const auto& [slot, e] : step.assigns) {
          SC_ASSIGN_OR_RETURN(s.slots[static_cast<size_t>(slot)], eval(s, e));
        }
        return ok_status();
      case StepKind::kRules:
        return rules(step, prefix, s);
      case StepKind::kTable:
        return table(step, prefix, s);
      case StepKind::kModel:
        return model(step, prefix, s);
      case StepKind::kSwitch:
        return switch_step(step, prefix, s, next);
      case StepKind::kSubpolicy:
        return run(*step.sub, prefix + step.id + "/", s);
      case StepKind::kPricing:
        return pricing(step, prefix, s);
      case StepKind::kOutcome:
        return outcome(step, prefix, s);
    }
    return ok_status();
  }

  static Status rules(const Step& step, const std::string& prefix, RunState& s) {
    std::string fired;
    for (const Rule& rule : step.rules) {
      SC_ASSIGN_OR_RETURN(Value v, eval(s, rule.when));
      if (!v.is_null() && v.kind() != ValueKind::kBool) {
        return error_at(rule.when.pointer, "a rule needs a boolean");
      }
      if (!is_true(v)) continue;
      s.decision.reasons.push_back(rule.code);
      if (!fired.empty()) fired += ", ";
      fired += rule.code;
    }
    if (fired.empty()) {
      trace(s, prefix, step, "passed " + std::to_string(step.rules.size()) + " rules");
      return ok_status();
    }
    trace(s, prefix, step, "fired " + fired);
    if (step.rule_action == Verdict::kDecline) {
      s.decision.verdict = Verdict::kDecline;
      s.ended = true;
    } else {
      s.refer = true;
    }
    return ok_status();
  }

  static Status table(const Step& step, const std::string& prefix, RunState& s) {
    if (!step.table->evaluate(s.ctx, &s.table_outputs, &s.rows)) {
      return eval_error(s, step.table_pointer);
    }
    for (size_t o = 0; o < step.table_slots.size(); ++o) {
      s.slots[static_cast<size_t>(step.table_slots[o])] = s.table_outputs[o];
    }
    std::string note = s.rows.empty() ? "no row" : "rows";
    for (size_t i = 0; i < s.rows.size() && i < 8; ++i) {
      note.push_back(' ');
      note += std::to_string(s.rows[i]);
    }
    trace(s, prefix, step, std::move(note));
    return ok_status();
  }

  static Status model(const Step& step, const std::string& prefix, RunState& s) {
    std::vector<Value> features;
    features.reserve(step.feature_slots.size());
    for (int slot : step.feature_slots) features.push_back(s.slots[static_cast<size_t>(slot)]);
    Result<Score> score = step.model->score(FeatureVector{step.feature_names, features, s.explain});
    if (!score.ok()) return error_at(prefix + step.id, score.error().message);
    SC_ASSIGN_OR_RETURN(Decimal value, score_decimal(score.value().value));
    s.slots[static_cast<size_t>(step.score_slot)] = Value::number(value);
    std::string note = std::string(step.model->name()) + "@" + std::string(step.model->version()) +
                       " " + value.to_string();
    for (const ScoreFactor& f : score.value().factors) note += " " + f.feature;
    trace(s, prefix, step, std::move(note));
    if (!s.explain) return ok_status();
    s.decision.factors.push_back(
        {prefix + step.id,
         std::string(step.model->name()) + "@" + std::string(step.model->version()),
         std::move(score).value().factors});
    return ok_status();
  }

  static Status switch_step(const Step& step, const std::string& prefix, RunState& s, int* next) {
    *next = step.default_next;
    std::string note = "default";
    for (size_t c = 0; c < step.cases.size(); ++c) {
      SC_ASSIGN_OR_RETURN(Value v, eval(s, step.cases[c].first));
      if (is_true(v)) {
        *next = step.cases[c].second;
        note = "case " + std::to_string(c);
        break;
      }
    }
    trace(s, prefix, step, std::move(note));
    return ok_status();
  }

  static Status pricing(const Step& step, const std::string& prefix, RunState& s) {
    const PricingStep& p = *step.pricing;
    const Currency currency = p.params.product.currency;
    Decimal values[std::size(kPricingInputs)];
    for (size_t i = 0; i < p.inputs.size(); ++i) {
      SC_ASSIGN_OR_RETURN(Value v, eval(s, p.inputs[i]));
      if (v.is_null()) {
        s.refer = true;
        s.decision.reasons.push_back("PRICING_INPUT_MISSING");
        trace(s, prefix, step, std::string("no value for ") + kPricingInputs[i]);
        return ok_status();
      }
      if (v.kind() != ValueKind::kNumber) return error_at(p.inputs[i].pointer, "needs a number");
      values[i] = v.as_number();
    }
    PricingInput in;
    in.pd = values[0];
    in.lgd = values[1];
    in.score = values[2];
    Money* amounts[] = {&in.annual_revenue, &in.monthly_cash_flow, &in.monthly_obligations,
                        &in.collateral_value, &in.requested};
    for (size_t i = 0; i < std::size(amounts); ++i) {
      Result<Money> m = Money::from_decimal(values[i + 3], currency, Rounding::kHalfUp);
      if (!m.ok()) return error_at(p.inputs[i + 3].pointer, m.error().message);
      *amounts[i] = m.value();
    }
    in.start = s.as_of;
    Result<Offer> offer = price_offer(p.params, in);
    if (!offer.ok()) {
      s.refer = true;
      s.decision.reasons.push_back("PRICING_OUT_OF_RANGE");
      trace(s, prefix, step, offer.error().message);
      return ok_status();
    }
    s.decision.offer = offer.value();
    s.decision.has_offer = true;
    s.slots[static_cast<size_t>(p.limit_slot)] = Value::number(offer.value().limit.to_decimal());
    s.slots[static_cast<size_t>(p.rate_slot)] = Value::number(offer.value().annual_rate);
    s.slots[static_cast<size_t>(p.apr_slot)] = Value::number(offer.value().apr);
    trace(s, prefix, step,
          "limit " + offer.value().limit.to_string() + " (" + offer.value().binding + "), rate " +
              offer.value().annual_rate.to_string() + ", apr " + offer.value().apr.to_string());
    return ok_status();
  }

  static Status outcome(const Step& step, const std::string& prefix, RunState& s) {
    Verdict verdict = step.verdict;
    for (const std::string& reason : step.reasons) s.decision.reasons.push_back(reason);
    if (verdict == Verdict::kApprove && s.refer) verdict = Verdict::kRefer;
    if (verdict == Verdict::kApprove &&
        (!s.decision.has_offer || s.decision.offer.limit.is_zero())) {
      verdict = Verdict::kDecline;
      s.decision.reasons.push_back("LIMIT_BELOW_MINIMUM");
    }
    s.decision.verdict = verdict;
    s.ended = true;
    trace(s, prefix, step, std::string(verdict_name(verdict)));
    return ok_status();
  }
};

Result<Decision> CompiledPolicy::decide(std::span<const Value> inputs, Date as_of,
                                        bool explain) const {
  if (inputs.size() != input_types_.size()) {
    return Error{ErrorCode::kInvalidArgument, "input count differs from the policy's"};
  }
  RunState s;
  s.slots.assign(inputs.begin(), inputs.end());
  s.slots.resize(schema_.size());
  s.ctx.slots = s.slots;
  s.as_of = as_of;
  s.explain = explain;
  SC_RETURN_IF_ERROR(FlowRunner::run(*flow_, "", s));
  if (!s.ended) {
    s.decision.verdict = Verdict::kRefer;
    s.decision.reasons.push_back("NO_OUTCOME");
  }
  for (int slot : output_slots_) {
    s.decision.outputs.emplace_back(schema_.name(slot), s.slots[static_cast<size_t>(slot)]);
  }
  return std::move(s.decision);
}

namespace {

void lint_flow(const CompiledPolicy::Flow& flow,
               std::vector<std::pair<std::string, LintReport>>* out) {
  for (const auto& step : flow.steps) {
    if (step.kind == StepKind::kTable) out->emplace_back(step.table_pointer, step.table->lint());
    if (step.kind == StepKind::kSubpolicy) lint_flow(*step.sub, out);
  }
}

}  // namespace

std::vector<std::pair<std::string, LintReport>> CompiledPolicy::lint_tables() const {
  std::vector<std::pair<std::string, LintReport>> out;
  lint_flow(*flow_, &out);
  return out;
}

std::string CompiledPolicy::summary() const {
  return id() + ": " + std::to_string(flow_->steps.size()) + " top-level steps, " +
         std::to_string(input_types_.size()) + " inputs, " + std::to_string(schema_.size()) +
         " variables";
}

}  // namespace smecredit::decision

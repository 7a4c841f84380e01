#include "decision/record/record.h"

#include <openssl/evp.h>

#include <array>

#include "decision/policy/json_reader.h"

namespace smecredit::decision {

namespace {

std::string quoted(std::string_view text) {
  return Value::string(std::string(text)).to_json();
}

std::string offer_json(const Decision& d) {
  if (!d.has_offer) return "null";
  const Offer& o = d.offer;
  return "{\"limit\":" + quoted(o.limit.to_string()) +
         ",\"currency\":" + quoted(o.limit.currency().code) +
         ",\"annual_rate\":" + quoted(o.annual_rate.to_string()) +
         ",\"apr\":" + quoted(o.apr.to_string()) +
         ",\"term_months\":" + std::to_string(o.term_months) +
         ",\"product\":" + quoted(o.product_code) + ",\"binding\":" + quoted(o.binding) +
         ",\"monthly_installment\":" + quoted(o.monthly_installment.to_string()) + "}";
}

std::string snapshot_of(const CompiledPolicy& policy, std::span<const Value> inputs, Date as_of) {
  return "{\"as_of\":" + quoted(format_date(as_of)) +
         ",\"inputs\":" + policy.canonical_inputs(inputs) + "}";
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

std::string DecisionRecord::to_json() const {
  std::string out = "{\"policy\":" + quoted(policy) + ",\"arm\":" + quoted(arm) +
                    ",\"input_sha256\":" + quoted(input_sha256) +
                    ",\"input_snapshot\":" + quoted(input_snapshot) +
                    (explained ? "" : ",\"explained\":false") +
                    ",\"decision\":" + quoted(verdict_name(decision.verdict)) +
                    ",\"offer\":" + offer_json(decision) + ",\"reasons\":[";
  for (size_t i = 0; i < decision.reasons.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += quoted(decision.reasons[i]);
  }
  out += "],\"outputs\":{";
  for (size_t i = 0; i < decision.outputs.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += quoted(decision.outputs[i].first);
    out.push_back(':');
    out += decision.outputs[i].second.to_json();
  }
  out += "},\"trace\":[";
  for (size_t i = 0; i < decision.trace.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += "{\"step\":";
    out += quoted(decision.trace[i].step);
    out += ",\"note\":";
    out += quoted(decision.trace[i].note);
    out.push_back('}');
  }
  return out + "]}";
}

Result<DecisionRecord> record_decision(const CompiledPolicy& policy, std::span<const Value> inputs,
                                       Date as_of, std::string_view arm, bool explain) {
  DecisionRecord record;
  record.explained = explain;
  record.policy = policy.id();
  record.arm = std::string(arm);
  record.input_snapshot = snapshot_of(policy, inputs, as_of);
  record.input_sha256 = sha256_hex(record.input_snapshot);
  SC_ASSIGN_OR_RETURN(record.decision, policy.decide(inputs, as_of, explain));
  return record;
}

Result<DecisionRecord> decide_and_record(const CompiledPolicy& policy,
                                         std::string_view application_json, Date as_of,
                                         std::string_view arm) {
  SC_ASSIGN_OR_RETURN(std::vector<Value> inputs, policy.bind_application(application_json));
  return record_decision(policy, inputs, as_of, arm);
}

Result<DecisionRecord> replay(const CompiledPolicy& policy, std::string_view record_json) {
  SC_ASSIGN_OR_RETURN(Value record, parse_json_value(record_json));
  const Value name = record.field("policy");
  const Value arm = record.field("arm");
  const Value snapshot = record.field("input_snapshot");
  const Value hash = record.field("input_sha256");
  for (const Value* v : {&name, &arm, &snapshot, &hash}) {
    if (v->kind() != ValueKind::kString) {
      return Error{ErrorCode::kInvalidArgument,
                   "a record needs policy, arm, input_snapshot and "
                   "input_sha256 strings"};
    }
  }
  if (name.as_string() != policy.id()) {
    return Error{ErrorCode::kFailedPrecondition,
                 "the record was made by " + name.as_string() + ", not " + policy.id()};
  }
  if (sha256_hex(snapshot.as_string()) != hash.as_string()) {
    return Error{ErrorCode::kConflict, "the input snapshot does not match its hash"};
  }
  SC_ASSIGN_OR_RETURN(Value parsed, parse_json_value(snapshot.as_string()));
  const Value as_of_text = parsed.field("as_of");
  if (as_of_text.kind() != ValueKind::kString) {
    return Error{ErrorCode::kInvalidArgument, "the snapshot has no as_of date"};
  }
  SC_ASSIGN_OR_RETURN(Date as_of, parse_date(as_of_text.as_string()));
  SC_ASSIGN_OR_RETURN(std::vector<Value> inputs, policy.bind_inputs(parsed.field("inputs")));
  const Value explained = record.field("explained");
  return record_decision(policy, inputs, as_of, arm.as_string(),
                         explained.kind() != ValueKind::kBool || explained.as_bool());
}

bool route_to_challenger(std::string_view enterprise_id, int challenger_basis_points) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(enterprise_id.data(), enterprise_id.size(), digest.data(), &length, EVP_sha256(),
             nullptr);
  uint64_t prefix = 0;
  for (int i = 0; i < 8; ++i) prefix = (prefix << 8) | digest[static_cast<size_t>(i)];
  return static_cast<int>(prefix % 10'000) < challenger_basis_points;
}

Result<ExperimentRecords> decide_experiment(const CompiledPolicy& champion,
                                            const CompiledPolicy& challenger,
                                            int challenger_basis_points,
                                            std::string_view enterprise_id,
                                            std::string_view application_json, Date as_of) {
  const bool to_challenger = route_to_challenger(enterprise_id, challenger_basis_points);
  const CompiledPolicy& deciding = to_challenger ? challenger : champion;
  const CompiledPolicy& shadow = to_challenger ? champion : challenger;
  ExperimentRecords records;
  SC_ASSIGN_OR_RETURN(records.decided,
                      decide_and_record(deciding, application_json, as_of,
                                        to_challenger ? "challenger" : "champion"));
  SC_ASSIGN_OR_RETURN(records.shadow,
                      decide_and_record(shadow, application_json, as_of,
                                        to_challenger ? "shadow-champion" : "shadow-challenger"));
  return records;
}

}  // namespace smecredit::decision

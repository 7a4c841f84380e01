// Decision records: what was decided, on what, by which policy version, and
// how — reproducible bit for bit by replay().
//
// A record holds the canonical input snapshot (the application's inputs as
// canonical JSON, plus the as-of date), its SHA-256, the policy id, the
// arm (champion or challenger; shadow when it did not decide), the outcome,
// the offer, the reasons, the declared outputs and the step trace. to_json()
// is canonical: the same record always gives the same bytes.
//
// replay() parses a record's JSON, checks the snapshot against its hash,
// runs the same policy version on the snapshot and returns the new record;
// it equals the stored one byte for byte unless the policy changed.
//
// Champion/challenger: route_to_challenger() splits enterprises by the
// SHA-256 of their id (deterministic, stable across runs); decide_experiment()
// runs the deciding arm and the other in shadow and records both.
//
// Thread-safety: pure functions.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "decision/policy/policy.h"

namespace smecredit::decision {

struct DecisionRecord {
  std::string policy;          // "name@version"
  std::string arm;             // "champion", "challenger", "shadow-champion", "shadow-challenger"
  std::string input_snapshot;  // {"as_of":"YYYY-MM-DD","inputs":{...}}
  std::string input_sha256;    // hex of SHA-256 over input_snapshot
  // Decided with the models' factors (the live path); false is written out,
  // true is the default so that records made before the flag existed,
  // which all explained, replay as they were made.
  bool explained = true;
  Decision decision;

  std::string to_json() const;
};

// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

// Decides one application (JSON, see CompiledPolicy::bind_application).
Result<DecisionRecord> decide_and_record(const CompiledPolicy& policy,
                                         std::string_view application_json, Date as_of,
                                         std::string_view arm = "champion");

// The same from bound inputs (the hot path: no JSON parsing of the application).
Result<DecisionRecord> record_decision(const CompiledPolicy& policy, std::span<const Value> inputs,
                                       Date as_of, std::string_view arm, bool explain = true);

// Re-runs a stored record (its JSON) on `policy`, which must be the version
// the record names; the result's to_json() equals the stored text when the
// decision is reproduced.
Result<DecisionRecord> replay(const CompiledPolicy& policy, std::string_view record_json);

// True when the enterprise belongs to the challenger's share, in basis
// points (0..10000) of enterprises.
bool route_to_challenger(std::string_view enterprise_id, int challenger_basis_points);

struct ExperimentRecords {
  DecisionRecord decided;  // what the applicant gets
  DecisionRecord shadow;   // the other arm, recorded only
};

Result<ExperimentRecords> decide_experiment(const CompiledPolicy& champion,
                                            const CompiledPolicy& challenger,
                                            int challenger_basis_points,
                                            std::string_view enterprise_id,
                                            std::string_view application_json, Date as_of);

}  // namespace smecredit::decision

// `smecredit audit --url URL`: an auditor of the verifiable log that trusts
// nothing but the HTTP API and the RFC 9162 verification code.
//
// 1. Fetch the latest checkpoint and check its signature (Ed25519 or SM2) against the
//    pinned platform key (--public-key, or the key remembered in --state
//    from the first run).
// 2. If a previous run left state, check the consistency proof from the
//    checkpoint it saw then to the new one.
// 3. Fetch every entry up to the checkpoint, recompute the tree, and compare
//    the root. An entry whose leaf hash differs from the one remembered, or
//    (with no memory of it) whose inclusion proof fails against the signed
//    root, is named: "entry I was altered".
// 4. Replay every entry as a signed voucher operation: each participant's
//    signature, every rule, and every balance recomputed from the entries.
// 5. Save the new checkpoint and all leaf hashes to --state.
// Exit 0: everything verified; 1: the log failed a check (or the server could
// not be reached); 2: usage error.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "api/http_client.h"
#include "api/json.h"
#include "api/verifiable_log_routes.h"
#include "cli/commands.h"
#include "core/parse.h"
#include "scf/log/durable_log.h"
#include "scf/merkle/hex.h"
#include "scf/merkle/tree.h"
#include "scf/merkle/verify.h"
#include "scf/voucher/voucher_service.h"

namespace smecredit::cli {

namespace {

using scf::Digest;

struct AuditFlags {
  std::string url;
  std::string state_path = "smecredit-audit.state";
  std::string public_key_hex;
};

// The state an auditor keeps between runs.
struct AuditState {
  scf::PublicKey public_key;
  bool has_key = false;
  uint64_t tree_size = 0;
  Digest root{};
  std::vector<Digest> leaf_hashes;
};

template <size_t N>
Result<std::array<uint8_t, N>> fixed_hex(std::string_view hex, const char* what) {
  SC_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, scf::bytes_from_hex(hex));
  if (bytes.size() != N) {
    return Error{ErrorCode::kInvalidArgument, std::string(what) + " has the wrong length"};
  }
  std::array<uint8_t, N> out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

Result<rapidjson::Document> get_json(api::HttpClient& client, const std::string& target) {
  SC_ASSIGN_OR_RETURN(api::ClientResponse response, client.request(api::Method::kGet, target));
  if (response.status != 200) {
    return Error{ErrorCode::kUnavailable,
                 "GET " + target + " answered " + std::to_string(response.status)};
  }
  return api::parse_json_object(response.body);
}

Result<std::string> string_member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject() || !object.HasMember(name) || !object[name].IsString()) {
    return Error{ErrorCode::kInvalidArgument, std::string("response lacks string '") + name + "'"};
  }
  return std::string(object[name].GetString());
}

Result<scf::Checkpoint> fetch_checkpoint(api::HttpClient& client) {
  SC_ASSIGN_OR_RETURN(rapidjson::Document doc, get_json(client, "/v1/scf/log/checkpoint"));
  scf::Checkpoint c;
  SC_ASSIGN_OR_RETURN(std::string hash, string_member(doc, "hash"));
  SC_ASSIGN_OR_RETURN(c.algorithm, scf::parse_hash_algorithm(hash));
  if (!doc.HasMember("tree_size") || !doc["tree_size"].IsUint64()) {
    return Error{ErrorCode::kInvalidArgument, "checkpoint lacks tree_size"};
  }
  c.tree_size = doc["tree_size"].GetUint64();
  SC_ASSIGN_OR_RETURN(std::string root, string_member(doc, "root"));
  SC_ASSIGN_OR_RETURN(c.root, scf::digest_from_hex(root));
  SC_ASSIGN_OR_RETURN(c.issued_at, string_member(doc, "issued_at"));
  SC_ASSIGN_OR_RETURN(std::string key, string_member(doc, "public_key"));
  SC_ASSIGN_OR_RETURN(c.public_key, scf::PublicKey::from_hex(key));
  SC_ASSIGN_OR_RETURN(std::string signature, string_member(doc, "signature"));
  SC_ASSIGN_OR_RETURN(c.signature, fixed_hex<scf::kSignatureBytes>(signature, "signature"));
  return c;
}

Result<std::vector<Digest>> fetch_proof(api::HttpClient& client, const std::string& target) {
  SC_ASSIGN_OR_RETURN(rapidjson::Document doc, get_json(client, target));
  if (!doc.HasMember("proof") || !doc["proof"].IsArray()) {
    return Error{ErrorCode::kInvalidArgument, "response lacks a proof"};
  }
  std::vector<Digest> proof;
  for (const auto& element : doc["proof"].GetArray()) {
    if (!element.IsString())
      return Error{ErrorCode::kInvalidArgument, "proof element not a string"};
    SC_ASSIGN_OR_RETURN(Digest d, scf::digest_from_hex(element.GetString()));
    proof.push_back(d);
  }
  return proof;
}

// Every entry for indexes [0, tree_size), fetched page by page.
Result<std::vector<scf::Entry>> fetch_entries(api::HttpClient& client, uint64_t tree_size) {
  std::vector<scf::Entry> entries;
  entries.reserve(tree_size);
  while (entries.size() < tree_size) {
    const std::string target = "/v1/scf/log/entries?start=" + std::to_string(entries.size()) +
                               "&count=" + std::to_string(api::kMaxEntriesPerPage);
    SC_ASSIGN_OR_RETURN(rapidjson::Document doc, get_json(client, target));
    if (!doc.HasMember("entries") || !doc["entries"].IsArray() || doc["entries"].Empty()) {
      return Error{ErrorCode::kInvalidArgument, "the log returned no entries below its checkpoint"};
    }
    for (const auto& item : doc["entries"].GetArray()) {
      if (entries.size() == tree_size) break;
      SC_ASSIGN_OR_RETURN(std::string hex, string_member(item, "entry"));
      SC_ASSIGN_OR_RETURN(scf::Entry entry, scf::bytes_from_hex(hex));
      entries.push_back(std::move(entry));
    }
  }
  return entries;
}

Result<AuditState> load_state(const std::string& path) {
  AuditState state;
  std::ifstream in(path);
  if (!in) return state;  // first run
  std::string magic, word, hex;
  in >> magic;
  if (magic != "smecredit-audit/v1") {
    return Error{ErrorCode::kInvalidArgument, path + " is not an audit state file"};
  }
  uint64_t leaves = 0;
  in >> word >> hex >> word >> state.tree_size >> word >> leaves;
  SC_ASSIGN_OR_RETURN(state.public_key, scf::PublicKey::from_hex(hex));
  state.has_key = true;
  in >> word >> hex;
  SC_ASSIGN_OR_RETURN(state.root, scf::digest_from_hex(hex));
  for (uint64_t i = 0; i < leaves && in >> hex; ++i) {
    SC_ASSIGN_OR_RETURN(Digest d, scf::digest_from_hex(hex));
    state.leaf_hashes.push_back(d);
  }
  if (state.leaf_hashes.size() != leaves || leaves != state.tree_size) {
    return Error{ErrorCode::kInvalidArgument, path + " is truncated"};
  }
  return state;
}

Status save_state(const std::string& path, const AuditState& state) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << "smecredit-audit/v1\npublic_key " << scf::to_hex(state.public_key.bytes())
        << "\ntree_size " << state.tree_size << "\nleaves " << state.leaf_hashes.size() << "\nroot "
        << scf::to_hex(state.root) << "\n";
    for (const Digest& d : state.leaf_hashes) out << scf::to_hex(d) << "\n";
    if (!out) return Error{ErrorCode::kUnavailable, "cannot write " + temporary};
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return Error{ErrorCode::kUnavailable, "cannot replace " + path};
  }
  return ok_status();
}

// Names altered entries: against remembered leaf hashes, else by inclusion proof.
Result<std::vector<uint64_t>> altered_entries(api::HttpClient& client, scf::Hasher& hasher,
                                              const scf::Checkpoint& checkpoint,
                                              const std::vector<Digest>& leaves,
                                              const AuditState& previous) {
  std::vector<uint64_t> altered;
  for (uint64_t i = 0; i < leaves.size(); ++i) {
    if (i < previous.leaf_hashes.size()) {
      if (leaves[i] != previous.leaf_hashes[i]) altered.push_back(i);
      continue;
    }
    SC_ASSIGN_OR_RETURN(
        std::vector<Digest> proof,
        fetch_proof(client, "/v1/scf/log/proofs/inclusion?index=" + std::to_string(i) +
                                "&tree_size=" + std::to_string(checkpoint.tree_size)));
    if (!scf::verify_inclusion(hasher, leaves[i], i, checkpoint.tree_size, proof, checkpoint.root)
             .ok()) {
      altered.push_back(i);
    }
  }
  return altered;
}

int audit(const AuditFlags& flags) {
  const auto endpoint = api::parse_http_url(flags.url);
  if (!endpoint.ok()) throw CLI::ValidationError("--url", endpoint.error().message);
  auto state = load_state(flags.state_path);
  if (!state.ok()) return std::fprintf(stderr, "audit: %s\n", state.error().message.c_str()), 1;
  AuditState previous = std::move(state).value();
  if (!flags.public_key_hex.empty()) {
    const auto pinned = scf::PublicKey::from_hex(flags.public_key_hex);
    if (!pinned.ok()) throw CLI::ValidationError("--public-key", pinned.error().message);
    previous.public_key = pinned.value();
    previous.has_key = true;
  }

  api::HttpClient client(endpoint.value().host, endpoint.value().port, 10'000);
  int problems = 0;
  auto report = [&](const std::string& line) {
    std::printf("audit: FAIL %s\n", line.c_str());
    ++problems;
  };
  const auto checkpoint = fetch_checkpoint(client);
  if (!checkpoint.ok()) return report(checkpoint.error().to_string()), 1;
  const scf::Checkpoint& cp = checkpoint.value();
  const scf::PublicKey expected = previous.has_key ? previous.public_key : cp.public_key;
  if (!scf::verify_checkpoint(cp, expected).ok()) report("checkpoint signature does not verify");
  std::printf("audit: checkpoint tree_size=%llu root=%s\n",
              static_cast<unsigned long long>(cp.tree_size), scf::to_hex(cp.root).c_str());

  scf::Hasher hasher = scf::Hasher::create(cp.algorithm).value();
  if (previous.tree_size > 0) {
    const auto proof = fetch_proof(
        client, "/v1/scf/log/proofs/consistency?first=" + std::to_string(previous.tree_size) +
                    "&second=" + std::to_string(cp.tree_size));
    if (!proof.ok() || !scf::verify_consistency(hasher, previous.tree_size, cp.tree_size,
                                                previous.root, cp.root, proof.value())
                            .ok()) {
      report("checkpoint is not consistent with the one seen at tree_size=" +
             std::to_string(previous.tree_size));
    }
  }
  const auto entries = fetch_entries(client, cp.tree_size);
  if (!entries.ok()) return report(entries.error().to_string()), 1;
  std::vector<Digest> leaves;
  leaves.reserve(entries.value().size());
  for (const scf::Entry& entry : entries.value()) leaves.push_back(hasher.leaf_hash(entry));
  const bool root_matches = scf::merkle_root(hasher, leaves) == cp.root;
  if (!root_matches || problems > 0) {
    const auto altered = altered_entries(client, hasher, cp, leaves, previous);
    if (!altered.ok()) return report(altered.error().to_string()), 1;
    for (uint64_t index : altered.value()) {
      report("entry " + std::to_string(index) + " was altered");
    }
    if (!root_matches) report("entries do not hash to the signed root");
  }
  if (problems > 0) return kExitFailure;
  // Every entry is a signed voucher operation: replaying them checks each
  // participant's signature and every rule, and recomputes every balance.
  const auto book = scf::replay_entries(entries.value(), expected);
  if (!book.ok()) return report(book.error().message), kExitFailure;
  if (const Status invariants = book.value().check_invariants(); !invariants.ok()) {
    return report(invariants.error().message), kExitFailure;
  }
  int64_t outstanding_fen = 0;
  for (const auto& [id, v] : book.value().vouchers()) {
    if (!v.settled && !v.cancelled) outstanding_fen += v.amount_fen;
  }
  std::printf("audit: replayed %zu vouchers, %zu pieces; %lld fen outstanding; balances ok\n",
              book.value().vouchers().size(), book.value().pieces().size(),
              static_cast<long long>(outstanding_fen));
  const Status saved =
      save_state(flags.state_path, {expected, true, cp.tree_size, cp.root, leaves});
  if (!saved.ok()) return report(saved.error().message), kExitFailure;
  std::printf("audit: OK %llu entries verified against the signed checkpoint\n",
              static_cast<unsigned long long>(cp.tree_size));
  return kExitOk;
}

}  // namespace

void add_audit_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<AuditFlags>();
  CLI::App* command = app.add_subcommand(
      "audit", "Verify the verifiable log through the API (signature, consistency, every entry)");
  command->add_option("--url", flags->url, "The platform, e.g. http://127.0.0.1:8080")->required();
  command->add_option("--state", flags->state_path,
                      "File remembering the last checkpoint and leaf hashes between runs");
  command->add_option("--public-key", flags->public_key_hex,
                      "The platform's checkpoint key (hex); default: pinned on first run");
  command->callback([flags, exit_code] { *exit_code = audit(*flags); });
}

}  // namespace smecredit::cli

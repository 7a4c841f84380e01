#include "api/verifiable_log_routes.h"

#include <limits>

#include "api/json.h"
#include "api/problem.h"
#include "core/parse.h"
#include "scf/merkle/hex.h"

namespace smecredit::api {

namespace {

constexpr int64_t kMaxIndex = std::numeric_limits<int64_t>::max();

void put_proof(JsonWriter& w, const std::vector<scf::Digest>& proof) {
  w.Key("proof");
  w.StartArray();
  for (const scf::Digest& d : proof) {
    const std::string hex = scf::to_hex(d);
    w.String(hex.c_str(), static_cast<rapidjson::SizeType>(hex.size()));
  }
  w.EndArray();
}

HttpResponse json_ok(const JsonBuffer& buffer) {
  return HttpResponse{200, "application/json", buffer.GetString(), {}};
}

// A required non-negative integer query parameter.
Result<uint64_t> query_index(const HttpRequest& request, std::string_view name) {
  const std::string_view text = request.query_param(name);
  if (text.empty()) {
    return Error{ErrorCode::kInvalidArgument,
                 "query parameter '" + std::string(name) + "' is required"};
  }
  SC_ASSIGN_OR_RETURN(int64_t value, parse_int64(text, name, 0, kMaxIndex));
  return static_cast<uint64_t>(value);
}

HttpResponse checkpoint(const scf::DurableLog& log, const HttpRequest& request) {
  const auto latest = log.latest_checkpoint();
  if (!latest.ok()) return error_response(latest.error(), request.trace_id);
  if (!latest.value()) {
    return error_response(Error{ErrorCode::kNotFound, "no checkpoint has been published yet"},
                          request.trace_id);
  }
  const scf::Checkpoint& c = *latest.value();
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "hash", scf::hash_algorithm_name(c.algorithm));
  w.Key("tree_size");
  w.Uint64(c.tree_size);
  write_field(w, "root", scf::to_hex(c.root));
  write_field(w, "issued_at", c.issued_at);
  write_field(w, "public_key", scf::to_hex(c.public_key.bytes()));
  write_field(w, "signature", scf::to_hex(c.signature));
  write_field(w, "signed_text", c.signed_text());
  w.EndObject();
  return json_ok(buffer);
}

HttpResponse entries_page(const scf::DurableLog& log, const HttpRequest& request) {
  const auto start = query_index(request, "start");
  if (!start.ok()) return error_response(start.error(), request.trace_id);
  const auto count =
      parse_int64(request.query_param("count").empty() ? "100" : request.query_param("count"),
                  "count", 1, kMaxEntriesPerPage);
  if (!count.ok()) return error_response(count.error(), request.trace_id);
  const uint64_t size = log.size();
  const uint64_t end =
      std::min<uint64_t>(size, start.value() + static_cast<uint64_t>(count.value()));
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("tree_size");
  w.Uint64(size);
  w.Key("entries");
  w.StartArray();
  for (uint64_t index = start.value(); index < end; ++index) {
    const auto entry = log.entry(index);
    if (!entry.ok()) return error_response(entry.error(), request.trace_id);
    w.StartObject();
    w.Key("index");
    w.Uint64(index);
    write_field(w, "entry", scf::to_hex(entry.value()));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return json_ok(buffer);
}

HttpResponse one_entry(const scf::DurableLog& log, const HttpRequest& request) {
  const auto index = parse_int64(request.path_param("index"), "index", 0, kMaxIndex);
  if (!index.ok()) return error_response(index.error(), request.trace_id);
  const auto entry = log.entry(static_cast<uint64_t>(index.value()));
  if (!entry.ok()) return error_response(entry.error(), request.trace_id);
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("index");
  w.Int64(index.value());
  write_field(w, "entry", scf::to_hex(entry.value()));
  w.EndObject();
  return json_ok(buffer);
}

HttpResponse inclusion(const scf::DurableLog& log, const HttpRequest& request) {
  const auto index = query_index(request, "index");
  if (!index.ok()) return error_response(index.error(), request.trace_id);
  const auto tree_size = query_index(request, "tree_size");
  if (!tree_size.ok()) return error_response(tree_size.error(), request.trace_id);
  const auto proof = log.inclusion_proof(index.value(), tree_size.value());
  if (!proof.ok()) return error_response(proof.error(), request.trace_id);
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("index");
  w.Uint64(index.value());
  w.Key("tree_size");
  w.Uint64(tree_size.value());
  put_proof(w, proof.value());
  w.EndObject();
  return json_ok(buffer);
}

HttpResponse consistency(const scf::DurableLog& log, const HttpRequest& request) {
  const auto first = query_index(request, "first");
  if (!first.ok()) return error_response(first.error(), request.trace_id);
  const auto second = query_index(request, "second");
  if (!second.ok()) return error_response(second.error(), request.trace_id);
  const auto proof = log.consistency_proof(first.value(), second.value());
  if (!proof.ok()) return error_response(proof.error(), request.trace_id);
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("first");
  w.Uint64(first.value());
  w.Key("second");
  w.Uint64(second.value());
  put_proof(w, proof.value());
  w.EndObject();
  return json_ok(buffer);
}

constexpr const char* kProofResponses =
    R"json({"200":{"description":"A Merkle proof (RFC 9162), hex digests","content":{
        "application/json":{"schema":{"type":"object","properties":{"proof":{"type":"array",
        "items":{"type":"string"}}}}}}}})json";

}  // namespace

void add_verifiable_log_routes(Router& router, const scf::DurableLog& log) {
  router.add(
      Method::kGet, "/v1/scf/log/checkpoint",
      {"getLogCheckpoint", "The latest signed checkpoint of the verifiable log", "scf",
       R"json({"200":{"description":"Checkpoint: tree size, root, time, Ed25519 or SM2 signature",
                  "content":{"application/json":{"schema":{"type":"object","required":
                  ["hash","tree_size","root","issued_at","public_key","signature"]}}}}})json"},
      [&log](const HttpRequest& r) { return checkpoint(log, r); });
  router.add(Method::kGet, "/v1/scf/log/entries",
             {"listLogEntries", "Log entries from ?start= (at most ?count=, up to 1000)", "scf",
              R"json({"200":{"description":"A page of entries, hex","content":{"application/json":
                  {"schema":{"type":"object"}}}}})json"},
             [&log](const HttpRequest& r) { return entries_page(log, r); });
  router.add(Method::kGet, "/v1/scf/log/entries/{index}",
             {"getLogEntry", "One log entry, hex", "scf",
              R"json({"200":{"description":"The entry","content":{"application/json":
                  {"schema":{"type":"object"}}}}})json"},
             [&log](const HttpRequest& r) { return one_entry(log, r); });
  router.add(Method::kGet, "/v1/scf/log/proofs/inclusion",
             {"getInclusionProof", "Inclusion proof of ?index= in the tree of ?tree_size=", "scf",
              kProofResponses},
             [&log](const HttpRequest& r) { return inclusion(log, r); });
  router.add(Method::kGet, "/v1/scf/log/proofs/consistency",
             {"getConsistencyProof", "Consistency proof between ?first= and ?second= tree sizes",
              "scf", kProofResponses},
             [&log](const HttpRequest& r) { return consistency(log, r); });
}

}  // namespace smecredit::api

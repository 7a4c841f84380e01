// The provider simulator's HTTP routes: a generated world served the way an
// external data provider would serve it.
//
//   GET /v1/provider/enterprises/{id}/{section}
//     section: registration, tax, invoices, flows, judicial, penalties,
//     relationships (connectors/consent/consent_token.h kConsentScopes)
//     headers: X-Api-Key (401 when wrong), X-Consent-Token naming the
//     enterprise and the section, unexpired (401 bad token, 403 expired or
//     out of scope)
//     200 {"enterprise_id":…,"section":…,"rows":[{…}],…} — money in integer fen
//
// Faults, drawn from a seeded counter so a run is reproducible: extra
// latency, slow answers (to trip client timeouts), 503s, malformed bodies
// (truncated JSON with status 200), and a token-bucket rate limit answering
// 429 with Retry-After. Logs (the server's access log) never carry the
// enterprise's data, the API key or the token.
//
// Thread-safety: handlers may run concurrently; the fault state is atomic or
// under a mutex.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include "api/router.h"
#include "connectors/provider/world_store.h"
#include "core/clock.h"

namespace smecredit::connectors {

struct ProviderOptions {
  std::string api_key;
  std::string consent_secret;
  int latency_ms = 0;   // added to every answer
  int jitter_ms = 0;    // plus uniform 0..jitter_ms
  int64_t slow_bp = 0;  // answers delayed by slow_ms (basis points of requests)
  int slow_ms = 3000;
  int64_t error_bp = 0;           // 503 answers
  int64_t malformed_bp = 0;       // truncated JSON bodies with status 200
  int rate_limit_per_second = 0;  // 0: unlimited
  uint64_t fault_seed = 1;
};

class ProviderFaults {
 public:
  explicit ProviderFaults(const ProviderOptions& options) : options_(options) {}
  // A draw in [0, 10000) from the seeded counter.
  int64_t draw_bp();
  // False when the token bucket is empty (answer 429).
  bool admit();

 private:
  const ProviderOptions& options_;
  std::atomic<uint64_t> counter_{0};
  std::mutex bucket_mutex_;
  double tokens_ = -1;  // -1: not started
  std::chrono::steady_clock::time_point last_refill_;
};

// The JSON document of one section of the enterprise `key` names — its world
// id or its unified social credit code, which must resolve (WorldStore::
// resolve); the document's "enterprise_id" echoes `key`. The provider's 200
// body, and what the file import adapter reads.
std::string render_section(const WorldStore& world, std::string_view key, std::string_view section);

// Adds the provider routes. `world`, `options`, `faults` and `clock` are
// borrowed and must outlive the router.
void add_provider_routes(api::Router& router, const WorldStore& world,
                         const ProviderOptions& options, ProviderFaults& faults,
                         const Clock& clock);

}  // namespace smecredit::connectors

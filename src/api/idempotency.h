// Idempotency-Key: a retried POST returns the first response and changes
// nothing.
//
// Before a POST handler runs, `begin` claims (principal, key) for a hash of
// the request. A retry with the same key and the same request gets the stored
// response; the same key with a different request is refused (422); a retry
// while the first attempt is still running is refused (409) until the claim's
// lease runs out, after which a crashed attempt may be taken over. `finish`
// stores the response, except a 5xx, which releases the claim so a retry can
// run again. The handlers' own state changes are idempotent by natural keys
// as well, so a take-over after a crash cannot apply a change twice.
//
// Thread-safety: safe to share; each call is one store transaction.
//
// Example:
//   IdempotencyStore keys(store, clock);
//   auto claim = keys.begin(principal, key, request_hash).value();
//   if (claim.replay) return *claim.replay;
//   HttpResponse response = handler(request);
//   keys.finish(principal, key, response);
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "api/http_types.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace smecredit::api {

inline constexpr size_t kMaxIdempotencyKeyBytes = 255;

// kInvalidArgument unless the key is 1-255 visible ASCII characters.
Status validate_idempotency_key(std::string_view key);

// The hash a key is bound to: method, path and body.
std::string idempotency_request_hash(const HttpRequest& request);

struct IdempotencyClaim {
  std::optional<HttpResponse> replay;  // set: answer with this and do nothing
};

class IdempotencyStore {
 public:
  // The store and clock must outlive this object.
  IdempotencyStore(store::Store& store, const Clock& clock,
                   std::chrono::seconds lease = std::chrono::seconds{30});

  // kConflict while another attempt holds the key; kInvalidArgument when
  // the key was used for a different request.
  Result<IdempotencyClaim> begin(std::string_view principal, std::string_view key,
                                 std::string_view request_hash) const;
  Status finish(std::string_view principal, std::string_view key,
                const HttpResponse& response) const;

 private:
  store::Store& store_;
  const Clock& clock_;
  std::chrono::seconds lease_;
};

}  // namespace smecredit::api

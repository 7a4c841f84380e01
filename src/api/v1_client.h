// V1Client: a client of this platform's own /v1 API, for the tools that
// drive it from outside — `smecredit bench e2e` and `smecredit demo seed` —
// the way a partner's system would.
//
// post() sends a fresh Idempotency-Key unless one is given; a non-2xx answer
// becomes an Error whose code follows the HTTP status (400/422 →
// kInvalidArgument, 401 → kUnauthenticated, 403 → kPermissionDenied, 404 →
// kNotFound, 409 → kConflict, 503 and network failures → kUnavailable) and
// whose message is the problem's detail.
//
// Thread-safety: one client per thread (it owns one keep-alive connection).
//
// Example:
//   V1Client client("127.0.0.1", 8080, 5000);
//   Result<std::string> app = client.post("/v1/applications", token, body);
//   std::string stage = json_text(app.value(), {"stage"});
#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "api/http_client.h"

namespace smecredit::api {

class V1Client {
 public:
  V1Client(std::string host, uint16_t port, int timeout_ms)
      : client_(std::move(host), port, timeout_ms) {}

  Result<std::string> post(std::string_view path, std::string_view credential,
                           std::string_view body, std::string_view idempotency_key = {});
  Result<std::string> get(std::string_view path, std::string_view credential);

 private:
  Result<std::string> call(Method method, std::string_view path, std::string_view credential,
                           std::string_view body, std::string_view idempotency_key);

  HttpClient client_;
};

// The string at `path` (member names from the top) of a JSON document, or
// the integer there in decimal; empty when the document does not parse or
// has neither there.
std::string json_text(std::string_view json, std::initializer_list<const char*> path);

}  // namespace smecredit::api

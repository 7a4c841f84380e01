// HttpClient: a blocking HTTP/1.1 client over one keep-alive connection.
//
// Used by the benchmarks and tests now, and by connectors, the bank adapter
// and webhooks later. Each call has a deadline covering connect, write and
// read; a failed call closes the connection and the next call reconnects.
// Errors are values: kUnavailable for network failures and timeouts (the
// caller may retry), kInvalidArgument for a malformed response.
//
// Thread-safety: one client per thread; not safe for concurrent calls.
//
// Example:
//   HttpClient client("127.0.0.1", 8080, 2000);
//   Result<ClientResponse> r = client.request(Method::kGet, "/healthz");
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http_types.h"
#include "core/result.h"

namespace smecredit::api {

struct ClientResponse {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string_view header(std::string_view lower_case_name) const;
};

// "http://HOST[:PORT][/PATH]": where a client connects and what it asks for.
struct HttpEndpoint {
  std::string host;
  uint16_t port = 80;
  std::string path = "/";  // the target, with a leading '/'
};
// kInvalidArgument unless the text is a plain-HTTP URL like the above.
Result<HttpEndpoint> parse_http_url(std::string_view url);

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port, int timeout_ms);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Result<ClientResponse> request(
      Method method, std::string_view target, std::string_view body = {},
      const std::vector<std::pair<std::string, std::string>>& headers = {});

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace smecredit::api

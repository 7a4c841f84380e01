// The HTTP request and response as handlers see them.
//
// Handlers never touch Boost.Beast: the server (server.h) parses the wire
// format into an HttpRequest, calls the matched route's handler, and writes
// its HttpResponse. Keeping Beast out of handlers keeps them quick to compile
// and trivial to unit-test.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smecredit::api {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view method_name(Method method);

struct HttpRequest {
  Method method = Method::kGet;
  std::string path;   // decoded path without the query, e.g. "/v1/loans/42"
  std::string query;  // raw query string without '?', e.g. "date=2024-01-01"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string trace_id;
  std::vector<std::pair<std::string, std::string>> path_params;  // from the route template

  // The first header of that (lower-case) name, or empty.
  std::string_view header(std::string_view lower_case_name) const;
  // A path parameter named in the route template, or empty.
  std::string_view path_param(std::string_view name) const;
  // A query parameter's raw value, or empty when absent.
  std::string_view query_param(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

using Handler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace smecredit::api

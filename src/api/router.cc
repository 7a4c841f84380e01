#include "api/router.h"

#include <cstdio>
#include <cstdlib>

namespace smecredit::api {

std::string_view method_name(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Matches `path` against `path_template`, filling params on success.
bool match_template(std::string_view path_template, std::string_view path,
                    std::vector<std::pair<std::string, std::string>>* params) {
  const auto want = split_path(path_template);
  const auto have = split_path(path);
  if (want.size() != have.size()) return false;
  params->clear();
  for (size_t i = 0; i < want.size(); ++i) {
    if (is_parameter(want[i])) {
      if (have[i].empty()) return false;
      params->emplace_back(std::string(want[i].substr(1, want[i].size() - 2)),
                           std::string(have[i]));
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view HttpRequest::header(std::string_view lower_case_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_case_name) return value;
  }
  return {};
}

std::string_view HttpRequest::path_param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return value;
  }
  return {};
}

std::string_view HttpRequest::query_param(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return {};
}

void Router::add(Method method, std::string path_template, RouteDoc doc, Handler handler) {
  for (const auto& route : routes_) {
    if (route->method == method && route->path_template == path_template) {
      std::fprintf(stderr, "smecredit: duplicate route %s\n", path_template.c_str());
      std::abort();
    }
  }
  routes_.push_back(std::make_unique<Route>(
      Route{method, std::move(path_template), std::move(doc), std::move(handler)}));
}

RouteMatch Router::match(Method method, std::string_view path) const {
  RouteMatch result;
  if (path.empty() || path.front() != '/') return result;
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& route : routes_) {
    if (!match_template(route->path_template, path, &params)) continue;
    if (route->method == method) {
      result.kind = RouteMatch::Kind::kFound;
      result.route = route.get();
      result.params = std::move(params);
      return result;
    }
    result.kind = RouteMatch::Kind::kMethodNotAllowed;
    result.allowed.push_back(route->method);
  }
  const bool api_path = path.starts_with("/v1/") || path == "/v1" || path == "/openapi.json";
  if (result.kind == RouteMatch::Kind::kNotFound && site_fallback_ && method == Method::kGet &&
      !api_path) {
    result.kind = RouteMatch::Kind::kFound;
    result.route = site_fallback_.get();
  }
  return result;
}

void Router::set_site_fallback(Handler handler) {
  if (site_fallback_) {
    std::fprintf(stderr, "smecredit: the site fallback is set twice\n");
    std::abort();
  }
  site_fallback_ = std::make_unique<Route>(
      Route{Method::kGet, "(site)", RouteDoc{"getSite", "The web console", "site", "{}"},
            std::move(handler)});
}

}  // namespace smecredit::api

// Router: maps a method and a path to a handler, and describes every route
// for the OpenAPI document.
//
// Templates are literal segments and `{name}` parameters:
// "/v1/loans/{id}/schedule". Routes are added at start-up, before the server
// starts; after that the router is read-only and safe to share between threads.
//
// Example:
//   Router router;
//   router.add(Method::kGet, "/healthz", {.operation_id = "getHealth", ...}, handler);
//   RouteMatch m = router.match(Method::kGet, "/healthz");
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.h"

namespace smecredit::api {

// The OpenAPI description of one operation.
struct RouteDoc {
  std::string operation_id;  // unique, camelCase, e.g. "getHealth"
  std::string summary;
  std::string tag;
  // The operation's "responses" object as JSON text, e.g.
  // {"200":{"description":"OK"}}; "default" gets the problem response.
  std::string responses_json;
  // The operation's "requestBody" object as JSON text, or empty for none.
  std::string request_body_json = {};
  // Roles that may call it (set by Gate::add); empty for public routes.
  std::vector<std::string> roles = {};
  // Whether it takes an Idempotency-Key header (set by Gate::add for POST).
  bool idempotent = false;
};

struct Route {
  Method method;
  std::string path_template;
  RouteDoc doc;
  Handler handler;
};

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed } kind = Kind::kNotFound;
  const Route* route = nullptr;  // set when kFound
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<Method> allowed;  // set when kMethodNotAllowed
};

class Router {
 public:
  // A duplicate (method, template) is a programmer error (aborts).
  void add(Method method, std::string path_template, RouteDoc doc, Handler handler);
  RouteMatch match(Method method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

  // The handler for a GET that no route matches and whose path is outside
  // the API (not under /v1/ nor /openapi.json): the web console's files
  // (static_site.h). It is not a route: the OpenAPI document leaves it out.
  // Set at most once, before the server starts.
  void set_site_fallback(Handler handler);

 private:
  std::vector<std::unique_ptr<Route>> routes_;
  std::unique_ptr<Route> site_fallback_;
};

}  // namespace smecredit::api

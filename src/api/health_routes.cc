#include "api/health_routes.h"

#include "api/json.h"
#include "api/problem.h"

namespace smecredit::api {

namespace {
constexpr const char* kStatusSchema =
    R"({"200":{"description":"%s","content":{"application/json":{"schema":{"type":"object",
        "properties":{"status":{"type":"string"}}},"example":{"status":"%s"}}}}})";

std::string status_responses(const char* description, const char* status) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, kStatusSchema, description, status);
  return buffer;
}
}  // namespace

void add_health_routes(Router& router, store::Store& store, const Metrics& metrics) {
  router.add(
      Method::kGet, "/healthz",
      {"getHealth", "Liveness: the process is serving", "meta", status_responses("Alive", "ok")},
      [](const HttpRequest&) {
        return HttpResponse{200, "application/json", json_object_with_string("status", "ok"), {}};
      });
  router.add(Method::kGet, "/readyz",
             {"getReadiness", "Readiness: the store answers", "meta",
              status_responses("Ready to serve traffic", "ready")},
             [&store](const HttpRequest& request) {
               const Status ping = store.ping();
               if (!ping.ok()) {
                 return problem_response(503, "unavailable", "Service Unavailable",
                                         "the store does not answer", request.trace_id);
               }
               return HttpResponse{
                   200, "application/json", json_object_with_string("status", "ready"), {}};
             });
  router.add(
      Method::kGet, "/metrics",
      {"getMetrics", "Prometheus metrics", "meta",
       R"({"200":{"description":"Prometheus text exposition format",
                  "content":{"text/plain":{"schema":{"type":"string"}}}}})"},
      [&metrics](const HttpRequest&) {
        return HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8", metrics.render(), {}};
      });
}

}  // namespace smecredit::api

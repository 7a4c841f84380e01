// Operational routes: liveness, readiness and metrics.
//
//   GET /healthz  200 while the process serves requests (no dependencies checked)
//   GET /readyz   200 when the store answers, 503 problem+json otherwise
//   GET /metrics  Prometheus text format
#pragma once

#include "api/metrics.h"
#include "api/router.h"
#include "store/store.h"

namespace smecredit::api {

// `store` and `metrics` are borrowed and must outlive the router.
void add_health_routes(Router& router, store::Store& store, const Metrics& metrics);

}  // namespace smecredit::api

// GET /v1/portfolio/summary: the figures the officers' dashboard draws
// (origination/portfolio.h), as of today's business date (days are business
// days, core/business_date.h).
//
// Query: `days` (1-366, default 30), the window of disbursements per day.
// Answer (amounts as decimal strings, ratios as decimal fractions):
//   {"as_of","active_loans","outstanding_principal","npl_ratio",
//    "approval_rate","applications":{"total","approved","declined","pending"},
//    "disbursements_by_day":[{"date","count","amount"}],
//    "dpd_buckets":[{"bucket","loans","principal"}],
//    "classification":[{"class","loans","principal"}],
//    "time_to_cash":{"p50_ms","p90_ms","buckets":[{"below_seconds"|
//                    "from_seconds","count"}]}}
// Officers, auditors and admins only.
//
// Example:
//   add_portfolio_routes(router, gate, store, clock);
#pragma once

#include "api/gate.h"
#include "core/clock.h"
#include "store/store.h"

namespace smecredit::api {

// The store and clock must outlive the router.
void add_portfolio_routes(Router& router, const Gate& gate, store::Store& store,
                          const Clock& clock);

}  // namespace smecredit::api

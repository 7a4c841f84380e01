// GET /v1/enterprises/{id}/credit-report[?format=json|html]: the enterprise's
// digital credit report (profile/credit_report.h) from the provider data
// last pulled for it (an application pulls it; nothing is pulled here), as
// of the last complete month the data covers, its relationship facts from
// the platform-wide graph the decisions read (when it holds the enterprise),
// with the latest decision on
// the enterprise (outcome, score, grade, PD, reasons). Borrowers see their own,
// partners those they referred, staff any. 404 until data has been pulled.
//
// Also the one function `smecredit report` shares with the route.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "api/gate.h"
#include "core/clock.h"
#include "origination/origination_service.h"
#include "profile/platform_graph.h"
#include "store/store.h"

namespace smecredit::underwriting {

// The report of enterprise `enterprise_id` (whose USCC is `uscc`, the key
// its provider data is stored under) as JSON or HTML (`format`); `graph`
// (may be null) supplies the platform-wide relationship facts.
Result<std::string> credit_report(store::Store& store, const std::string& uscc,
                                  std::string_view enterprise_id, std::string_view format,
                                  Date business_date, const profile::PlatformGraph* graph);

using PlatformGraphSource = std::function<std::shared_ptr<const profile::PlatformGraph>()>;

// Everything is borrowed and must outlive the router; `graph` answers the
// current platform-wide graph (or null).
void add_report_routes(api::Router& router, const api::Gate& gate, store::Store& store,
                       const origination::OriginationService& service, const Clock& clock,
                       PlatformGraphSource graph);

}  // namespace smecredit::underwriting

// From the providers' section documents to an EnterpriseHistory: the
// bridge between what the connectors store and what the feature catalogue
// reads.
//
// The documents are those `provider serve` answers and PullService stores
// (docs/connectors.md): registration (one row plus its change events), tax,
// invoices and flows (monthly rows), judicial and penalties (events), and
// relationships (the enterprise's outgoing "rows" and "incoming" edges).
// Monthly rows of tax, invoices and flows merge by month; a null figure
// counts as zero. Court cases count once, when filed, as defendant or
// plaintiff.
//
// Graph facts here come from the enterprise's own edges only: guarantees
// given and received, trade partners, mutual guarantees (a counterparty it
// both guarantees and is guaranteed by) and a guarantee circle of at least 2
// when there is a mutual guarantee. Facts that need the whole graph (longer
// circles, chains, distance to blacklisted parties, shared-contact clusters)
// keep their "unknown" defaults; the live decision replaces them with the
// platform-wide graph's (platform_graph.h, fed by held_enterprise below).
//
// Example:
//   SectionDocuments docs;
//   docs.flows = stored_payload("flows");
//   Result<EnterpriseHistory> history = history_from_sections(docs);
//   compute_features(*history, last_data_month(*history));
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "profile/features.h"
#include "profile/platform_graph.h"

namespace smecredit::profile {

// The provider's section documents of one enterprise; an empty string means
// the section is not available.
struct SectionDocuments {
  std::string registration, tax, invoices, flows, judicial, penalties, relationships;
};

// kInvalidArgument names the section and what is wrong.
Result<EnterpriseHistory> history_from_sections(const SectionDocuments& docs);

// The last month index with any monthly row, or -1 when there is none.
int32_t last_data_month(const EnterpriseHistory& history);

// What the platform-wide graph takes from one enterprise's relationships
// and judicial documents (either may be empty): every edge, its own
// provider id, and the month of its first dishonest-debtor listing.
// kInvalidArgument names the section and what is wrong (an edge without
// ends, or edges that do not all touch one enterprise).
Result<HeldEnterprise> held_enterprise(std::string key, const std::string& relationships,
                                       const std::string& judicial);

}  // namespace smecredit::profile

// The feature catalogue: named, documented indicators of an enterprise
// computed as of a month from its history — levels, growth, volatility,
// seasonally adjusted (year-on-year) growth, trends, ratios, counts of events
// in windows, graph facts and registration facts.
//
// No look-ahead: compute_features reads only months and events dated at or
// before the as-of month (a test changes everything after it and checks
// that no value moves). Graph facts are taken as given: the caller must
// build them from relationships and blacklists known at the as-of date.
//
// Values are doubles (ratios and counts, never money to be posted); NaN
// means "not computable" (e.g. no months in the window, a zero denominator).
// The catalogue's order is stable; names never change once released.
// `feature_catalogue_markdown()` renders the catalogue for docs/features.md.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace smecredit::profile {

enum class Series : int {
  kPosSales,
  kEcommerceSales,
  kTransferSales,
  kInflows,
  kPurchases,
  kInvoicesIssued,
  kInvoicesReceived,
  kTaxBase,
  kVatDeclared,
  kVatPaid,
  kElectricity,
  kHeadcount,
};
inline constexpr int kSeriesCount = 12;

struct MonthValues {
  int32_t month_index = 0;                     // year * 12 + month - 1
  std::array<int64_t, kSeriesCount> values{};  // fen, kWh or people, by Series
};

enum class EventKind : int {
  kCourtDefendant,
  kCourtPlaintiff,
  kEnforcement,
  kDishonestDebtor,
  kPenalty,
  kEquityFreeze,
  kLegalRepChange,
  kShareholderChange,
};
inline constexpr int kEventKindCount = 8;

struct DatedEvent {
  int32_t month_index = 0;
  EventKind kind = EventKind::kPenalty;
  int64_t amount_fen = 0;
};

struct GraphFacts {
  int64_t circle_size = 0;  // 0: not in a guarantee circle
  int64_t mutual_guarantees = 0;
  int64_t guarantees_given = 0;
  int64_t guarantees_received = 0;
  int64_t chain_length = 0;
  int64_t distance_to_blacklisted = -1;  // -1: none within reach
  int64_t shared_contact_cluster_size = 1;
  int64_t trade_partners = 0;
};

// One edge of the enterprise's own relationships, as the provider reported
// it: what the credit report lists and the console draws.
struct RelationshipEdge {
  std::string type;          // "guarantee", "trade_partner", ...
  std::string counterparty;  // the provider's id of the other end
  bool outgoing = true;      // from this enterprise to the counterparty
};

struct EnterpriseHistory {
  int32_t founded_month_index = 0;
  int64_t registered_capital_fen = 0;
  int64_t declared_employees = 0;
  int64_t self_declared_annual_revenue_fen = 0;
  // The last month the declaration covers (it is known from then on); -1
  // when undated. Features and checks as of an earlier month ignore it.
  int32_t self_declared_month_index = -1;
  std::vector<MonthValues> months;  // any order
  std::vector<DatedEvent> events;   // any order
  GraphFacts graph;
  std::vector<RelationshipEdge> relationships;  // outgoing first, then by type
};

struct FeatureInfo {
  std::string name;
  std::string description;
};

const std::vector<FeatureInfo>& feature_catalogue();

// One value per catalogue entry, in catalogue order.
std::vector<double> compute_features(const EnterpriseHistory& history, int32_t as_of_month_index);

std::string feature_catalogue_markdown();

}  // namespace smecredit::profile

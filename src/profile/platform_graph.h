// The relationship graph over every enterprise whose data the platform
// holds: the facts one enterprise's own edges cannot show — a guarantee
// circle of three or more, the longest guarantee chain, the distance to a
// blacklisted party, the cluster of enterprises sharing a phone or address.
//
// Each held enterprise contributes the edges its provider section lists
// (its own, both directions) and the month it was first listed as a
// dishonest debtor, if ever. build() joins them into one graph on the
// provider's ids (an edge listed by both ends counts once) and precomputes
// the structural facts, which carry no dates; the distance to a blacklisted
// party is taken per question, as of the asker's month, over listings dated
// no later (no look-ahead), by a search bounded in hops and in nodes visited.
//
// Example:
//   PlatformGraph graph = PlatformGraph::build(held);
//   std::optional<GraphFacts> f = graph.facts("91350100M000100Y43", as_of_month);
//
// Pure. Thread-safety: immutable after build(); share it between threads.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "profile/features.h"
#include "profile/graph.h"

namespace smecredit::profile {

struct TypedEdge {
  std::string type;  // "guarantee", "trade_partner", "shared_phone", "shared_address"
  std::string from;  // provider ids
  std::string to;
};

inline constexpr int32_t kNeverListed = std::numeric_limits<int32_t>::max();

// What the platform holds about one enterprise.
struct HeldEnterprise {
  std::string key;     // the platform's key for it (its USCC)
  std::string own_id;  // its id at the provider; empty when its section lists no edge
  std::vector<TypedEdge> edges;
  int32_t dishonest_debtor_month = kNeverListed;  // month index of the first listing
};

inline constexpr int32_t kMaxBlacklistHops = 6;
inline constexpr int64_t kMaxBlacklistVisits = 200'000;
inline constexpr int32_t kMaxChainDepth = 64;

class PlatformGraph {
 public:
  static PlatformGraph build(const std::vector<HeldEnterprise>& held);

  // The facts of the held enterprise `key` as of `as_of_month`; nullopt when
  // it is not held or its section lists no edge (its own facts then stand).
  std::optional<GraphFacts> facts(std::string_view key, int32_t as_of_month) const;

  int32_t nodes() const { return guarantees_.nodes(); }
  int64_t guarantee_edges() const { return guarantees_.edges(); }

 private:
  int32_t distance_to_blacklisted(int32_t node, int32_t as_of_month) const;

  std::unordered_map<std::string, int32_t> node_of_key_;
  Digraph guarantees_;                  // guarantor -> borrower
  Digraph guarantees_undirected_;       // for distances
  std::vector<GraphFacts> structural_;  // by node; distance_to_blacklisted unset
  std::vector<int32_t> listed_month_;   // by node; kNeverListed when never
};

}  // namespace smecredit::profile

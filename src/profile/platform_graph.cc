#include "profile/platform_graph.h"

#include <algorithm>
#include <cassert>
#include <deque>

namespace smecredit::profile {

namespace {

// Dense node numbers for provider ids, in order of first sight.
class NodeNumbers {
 public:
  int32_t of(const std::string& id) {
    const auto [it, inserted] = numbers_.emplace(id, static_cast<int32_t>(numbers_.size()));
    return it->second;
  }
  int32_t size() const { return static_cast<int32_t>(numbers_.size()); }

 private:
  std::unordered_map<std::string, int32_t> numbers_;
};

using NodePair = std::pair<int32_t, int32_t>;

// Edges by kind; an edge listed by both its ends is kept once (dedupe()).
struct EdgeSets {
  std::vector<NodePair> guarantee, trade, shared;

  void dedupe() {
    for (std::vector<NodePair>* edges : {&guarantee, &trade, &shared}) {
      std::sort(edges->begin(), edges->end());
      edges->erase(std::unique(edges->begin(), edges->end()), edges->end());
    }
  }
};

}  // namespace

PlatformGraph PlatformGraph::build(const std::vector<HeldEnterprise>& held) {
  PlatformGraph graph;
  NodeNumbers numbers;
  EdgeSets sets;
  std::vector<std::pair<int32_t, int32_t>> listings;  // (node, month)
  for (const HeldEnterprise& h : held) {
    if (h.own_id.empty()) continue;  // no edge: nothing for the graph to add
    const int32_t own = numbers.of(h.own_id);
    graph.node_of_key_[h.key] = own;
    if (h.dishonest_debtor_month != kNeverListed)
      listings.emplace_back(own, h.dishonest_debtor_month);
    for (const TypedEdge& e : h.edges) {
      const std::pair<int32_t, int32_t> edge{numbers.of(e.from), numbers.of(e.to)};
      if (e.type == "guarantee") {
        sets.guarantee.push_back(edge);
      } else if (e.type == "trade_partner") {
        sets.trade.push_back(edge);
      } else if (e.type.starts_with("shared_")) {
        sets.shared.push_back(edge);
      }
    }
  }
  sets.dedupe();
  const int32_t n = numbers.size();
  const auto size_of = [n] { return static_cast<size_t>(n); };
  std::vector<Edge> guarantees;
  guarantees.reserve(sets.guarantee.size());
  for (const auto& [from, to] : sets.guarantee) guarantees.push_back({from, to});
  graph.guarantees_ = Digraph::from_edges(n, guarantees);
  graph.guarantees_undirected_ = graph.guarantees_.undirected();
  graph.structural_.assign(size_of(), GraphFacts{});
  graph.listed_month_.assign(size_of(), kNeverListed);
  for (const auto& [node, month] : listings) {
    int32_t& listed = graph.listed_month_[static_cast<size_t>(node)];
    listed = std::min(listed, month);
  }
  std::vector<GraphFacts>& facts = graph.structural_;
  for (const auto& circle : guarantee_circles(graph.guarantees_)) {
    for (const int32_t member : circle) {
      facts[static_cast<size_t>(member)].circle_size = static_cast<int64_t>(circle.size());
    }
  }
  for (const auto& [a, b] : mutual_pairs(guarantees)) {
    ++facts[static_cast<size_t>(a)].mutual_guarantees;
    ++facts[static_cast<size_t>(b)].mutual_guarantees;
  }
  for (const Edge& e : guarantees) {
    ++facts[static_cast<size_t>(e.from)].guarantees_given;
    ++facts[static_cast<size_t>(e.to)].guarantees_received;
  }
  for (const auto& [from, to] : sets.trade) ++facts[static_cast<size_t>(from)].trade_partners;
  const std::vector<int32_t> chain = chain_length(graph.guarantees_, kMaxChainDepth);
  // A shared contact ties both ends: each end carries the contact's owner as
  // an attribute, so everyone using one enterprise's phone or address clusters.
  std::vector<std::vector<std::string>> contacts(size_of());
  for (const auto& [member, owner] : sets.shared) {
    const std::string contact = std::to_string(owner);
    contacts[static_cast<size_t>(member)].push_back(contact);
    contacts[static_cast<size_t>(owner)].push_back(contact);
  }
  const std::vector<int32_t> cluster = cluster_sizes(shared_attribute_clusters(contacts));
  for (size_t i = 0; i < size_of(); ++i) {
    facts[i].chain_length = chain[i];
    facts[i].shared_contact_cluster_size = cluster[i];
  }
  return graph;
}

std::optional<GraphFacts> PlatformGraph::facts(std::string_view key, int32_t as_of_month) const {
  const auto found = node_of_key_.find(std::string(key));
  if (found == node_of_key_.end()) return std::nullopt;
  GraphFacts out = structural_[static_cast<size_t>(found->second)];
  out.distance_to_blacklisted = distance_to_blacklisted(found->second, as_of_month);
  return out;
}

int32_t PlatformGraph::distance_to_blacklisted(int32_t start, int32_t as_of_month) const {
  assert(start >= 0 && start < nodes());
  const auto listed = [&](int32_t node) {
    return listed_month_[static_cast<size_t>(node)] <= as_of_month;
  };
  if (listed(start)) return 0;
  // Breadth-first from `start` over the undirected guarantee graph, at most
  // kMaxBlacklistHops deep and kMaxBlacklistVisits nodes wide.
  std::unordered_map<int32_t, int32_t> hops{{start, 0}};
  std::deque<int32_t> frontier{start};
  while (!frontier.empty() && static_cast<int64_t>(hops.size()) < kMaxBlacklistVisits) {
    const int32_t node = frontier.front();
    frontier.pop_front();
    const int32_t next_hops = hops[node] + 1;
    if (next_hops > kMaxBlacklistHops) break;  // breadth-first: every later node is as far
    for (const int32_t next : guarantees_undirected_.out(node)) {
      if (!hops.emplace(next, next_hops).second) continue;
      if (listed(next)) return next_hops;
      frontier.push_back(next);
    }
  }
  return -1;
}

}  // namespace smecredit::profile

// The relationship graph of enterprises: guarantee circles and chains,
// mutual guarantees, distance to defaulted or blacklisted parties, and
// clusters of shared attributes (phones, addresses) — the fraud rings.
//
// Nodes are dense indices 0..n-1 (the caller maps enterprise ids). Edges are
// directed (guarantor -> borrower). Every algorithm is iterative (no
// recursion, so a million-node chain cannot overflow the stack) and linear
// in nodes + edges, apart from sorting in mutual_pairs and the union-find's
// inverse-Ackermann factor. Pure: no I/O, no clock.
//
// Example:
//   Digraph g = Digraph::from_edges(n, edges);
//   std::vector<int32_t> component = strongly_connected_components(g);
//   std::vector<std::vector<int32_t>> circles = guarantee_circles(g);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace smecredit::profile {

struct Edge {
  int32_t from;
  int32_t to;
};

// Compressed adjacency (CSR). Self-loops and out-of-range edges are dropped.
class Digraph {
 public:
  static Digraph from_edges(int32_t nodes, std::span<const Edge> edges);
  // The same nodes with every edge in both directions.
  Digraph undirected() const;

  int32_t nodes() const { return static_cast<int32_t>(offsets_.size()) - 1; }
  int64_t edges() const { return static_cast<int64_t>(targets_.size()); }
  std::span<const int32_t> out(int32_t node) const {
    return {targets_.data() + offsets_[static_cast<size_t>(node)],
            targets_.data() + offsets_[static_cast<size_t>(node) + 1]};
  }

 private:
  std::vector<int64_t> offsets_{0};
  std::vector<int32_t> targets_;
};

// Tarjan's algorithm: the component index of every node; nodes in one
// strongly connected component share it. Components are numbered in the
// order Tarjan completes them (reverse topological order).
std::vector<int32_t> strongly_connected_components(const Digraph& graph);

// Strongly connected components of two or more nodes — enterprises that
// guarantee one another around a cycle — each sorted, ordered by first member.
std::vector<std::vector<int32_t>> guarantee_circles(const Digraph& graph);

// Pairs (a, b), a < b, with edges both ways, sorted.
std::vector<std::pair<int32_t, int32_t>> mutual_pairs(std::span<const Edge> edges);

// Hops from each node to the nearest source along `graph`'s edges
// (multi-source BFS); -1 when none is within max_hops.
std::vector<int32_t> distance_to(const Digraph& graph, std::span<const int32_t> sources,
                                 int32_t max_hops);

// The longest guarantee chain leaving each node, in edges, counting a
// circle's members once (computed on the condensation), capped at max_depth.
std::vector<int32_t> chain_length(const Digraph& graph, int32_t max_depth);

// Clusters of nodes sharing any attribute value (same phone, same address):
// the cluster id of each node (the smallest member index) and cluster sizes
// via cluster_sizes(). `attributes[i]` lists node i's values; empty values
// are ignored.
std::vector<int32_t> shared_attribute_clusters(
    const std::vector<std::vector<std::string>>& attributes);
std::vector<int32_t> cluster_sizes(std::span<const int32_t> cluster_of);

}  // namespace smecredit::profile

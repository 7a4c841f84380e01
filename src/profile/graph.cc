#include "profile/graph.h"

#include <algorithm>
#include <unordered_map>

namespace smecredit::profile {
namespace {

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) {
    for (size_t i = 0; i < n; ++i) parent_[i] = static_cast<int32_t>(i);
  }
  int32_t find(int32_t x) {
    while (parent_[static_cast<size_t>(x)] != x) {
      const size_t i = static_cast<size_t>(x);
      parent_[i] = parent_[static_cast<size_t>(parent_[i])];
      x = parent_[i];
    }
    return x;
  }
  // The smaller root wins, so a cluster's id is its smallest member.
  void unite(int32_t a, int32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (b < a) std::swap(a, b);
    parent_[static_cast<size_t>(b)] = a;
  }

 private:
  std::vector<int32_t> parent_;
};

// Nodes grouped by component (a counting sort): the members of component c
// are nodes[offsets[c] .. offsets[c+1]), in increasing order.
struct ComponentMembers {
  std::vector<int64_t> offsets;
  std::vector<int32_t> nodes;
};

ComponentMembers group_by_component(const std::vector<int32_t>& component) {
  const size_t count =
      component.empty()
          ? 0
          : static_cast<size_t>(*std::max_element(component.begin(), component.end()) + 1);
  ComponentMembers members;
  members.offsets.assign(count + 1, 0);
  for (const int32_t c : component) ++members.offsets[static_cast<size_t>(c) + 1];
  for (size_t c = 0; c < count; ++c) members.offsets[c + 1] += members.offsets[c];
  members.nodes.resize(component.size());
  std::vector<int64_t> cursor(members.offsets.begin(), members.offsets.end() - 1);
  for (size_t node = 0; node < component.size(); ++node) {
    members.nodes[static_cast<size_t>(cursor[static_cast<size_t>(component[node])]++)] =
        static_cast<int32_t>(node);
  }
  return members;
}

}  // namespace

Digraph Digraph::from_edges(int32_t nodes, std::span<const Edge> edges) {
  Digraph graph;
  const size_t n = static_cast<size_t>(std::max(nodes, 0));
  graph.offsets_.assign(n + 1, 0);
  const auto valid = [&](const Edge& e) {
    return e.from != e.to && e.from >= 0 && e.to >= 0 && e.from < nodes && e.to < nodes;
  };
  for (const Edge& e : edges) {
    if (valid(e)) ++graph.offsets_[static_cast<size_t>(e.from) + 1];
  }
  for (size_t i = 0; i < n; ++i) graph.offsets_[i + 1] += graph.offsets_[i];
  graph.targets_.resize(static_cast<size_t>(graph.offsets_[n]));
  std::vector<int64_t> cursor(graph.offsets_.begin(), graph.offsets_.end() - 1);
  for (const Edge& e : edges) {
    if (valid(e)) graph.targets_[static_cast<size_t>(cursor[static_cast<size_t>(e.from)]++)] = e.to;
  }
  return graph;
}

Digraph Digraph::undirected() const {
  std::vector<Edge> both;
  both.reserve(targets_.size() * 2);
  for (int32_t from = 0; from < nodes(); ++from) {
    for (const int32_t to : out(from)) {
      both.push_back({from, to});
      both.push_back({to, from});
    }
  }
  return from_edges(nodes(), both);
}

std::vector<int32_t> strongly_connected_components(const Digraph& graph) {
  const size_t n = static_cast<size_t>(graph.nodes());
  std::vector<int32_t> index(n, -1), low(n, 0), component(n, -1);
  std::vector<int32_t> stack;
  std::vector<bool> on_stack(n, false);
  std::vector<std::pair<int32_t, size_t>> frames;  // node, next edge position
  int32_t next_index = 0;
  int32_t next_component = 0;
  for (int32_t root = 0; root < graph.nodes(); ++root) {
    if (index[static_cast<size_t>(root)] >= 0) continue;
    frames.push_back({root, 0});
    while (!frames.empty()) {
      auto& [node, position] = frames.back();
      const size_t v = static_cast<size_t>(node);
      if (position == 0 && index[v] < 0) {
        index[v] = low[v] = next_index++;
        stack.push_back(node);
        on_stack[v] = true;
      }
      const std::span<const int32_t> out = graph.out(node);
      if (position < out.size()) {
        const int32_t w = out[position++];
        const size_t wi = static_cast<size_t>(w);
        if (index[wi] < 0) {
          frames.push_back({w, 0});
        } else if (on_stack[wi]) {
          low[v] = std::min(low[v], index[wi]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        int32_t member = -1;
        while (member != node) {
          member = stack.back();
          stack.pop_back();
          on_stack[static_cast<size_t>(member)] = false;
          component[static_cast<size_t>(member)] = next_component;
        }
        ++next_component;
      }
      const int32_t finished = node;
      frames.pop_back();
      if (!frames.empty()) {
        const size_t parent = static_cast<size_t>(frames.back().first);
        low[parent] = std::min(low[parent], low[static_cast<size_t>(finished)]);
      }
    }
  }
  return component;
}

std::vector<std::vector<int32_t>> guarantee_circles(const Digraph& graph) {
  const std::vector<int32_t> component = strongly_connected_components(graph);
  const ComponentMembers members = group_by_component(component);
  std::vector<std::vector<int32_t>> circles;
  for (size_t c = 0; c + 1 < members.offsets.size(); ++c) {
    const auto begin = members.nodes.begin() + members.offsets[c];
    const auto end = members.nodes.begin() + members.offsets[c + 1];
    if (end - begin >= 2) circles.emplace_back(begin, end);
  }
  std::sort(circles.begin(), circles.end());
  return circles;
}

std::vector<std::pair<int32_t, int32_t>> mutual_pairs(std::span<const Edge> edges) {
  std::vector<std::pair<int32_t, int32_t>> directed;
  directed.reserve(edges.size());
  for (const Edge& e : edges) {
    if (e.from != e.to) directed.emplace_back(e.from, e.to);
  }
  std::sort(directed.begin(), directed.end());
  directed.erase(std::unique(directed.begin(), directed.end()), directed.end());
  std::vector<std::pair<int32_t, int32_t>> pairs;
  for (const auto& [a, b] : directed) {
    if (a < b && std::binary_search(directed.begin(), directed.end(), std::make_pair(b, a))) {
      pairs.emplace_back(a, b);
    }
  }
  return pairs;
}

std::vector<int32_t> distance_to(const Digraph& graph, std::span<const int32_t> sources,
                                 int32_t max_hops) {
  std::vector<int32_t> distance(static_cast<size_t>(graph.nodes()), -1);
  std::vector<int32_t> frontier;
  for (const int32_t s : sources) {
    if (s < 0 || s >= graph.nodes() || distance[static_cast<size_t>(s)] == 0) continue;
    distance[static_cast<size_t>(s)] = 0;
    frontier.push_back(s);
  }
  // Distance *to* a source: walk the edges backwards from the sources.
  std::vector<Edge> reversed_edges;
  reversed_edges.reserve(static_cast<size_t>(graph.edges()));
  for (int32_t from = 0; from < graph.nodes(); ++from) {
    for (const int32_t to : graph.out(from)) reversed_edges.push_back({to, from});
  }
  const Digraph reversed = Digraph::from_edges(graph.nodes(), reversed_edges);
  std::vector<int32_t> next;
  for (int32_t hops = 1; hops <= max_hops && !frontier.empty(); ++hops) {
    next.clear();
    for (const int32_t node : frontier) {
      for (const int32_t w : reversed.out(node)) {
        if (distance[static_cast<size_t>(w)] >= 0) continue;
        distance[static_cast<size_t>(w)] = hops;
        next.push_back(w);
      }
    }
    frontier.swap(next);
  }
  return distance;
}

std::vector<int32_t> chain_length(const Digraph& graph, int32_t max_depth) {
  const std::vector<int32_t> component = strongly_connected_components(graph);
  const ComponentMembers members = group_by_component(component);
  const size_t count = members.offsets.size() - 1;
  // Tarjan numbers components in reverse topological order: successors first.
  std::vector<int32_t> depth(count, 0);
  for (size_t c = 0; c < count; ++c) {
    int32_t best = 0;
    for (int64_t i = members.offsets[c]; i < members.offsets[c + 1]; ++i) {
      for (const int32_t w : graph.out(members.nodes[static_cast<size_t>(i)])) {
        const size_t wc = static_cast<size_t>(component[static_cast<size_t>(w)]);
        if (wc != c) best = std::max(best, depth[wc] + 1);
      }
    }
    depth[c] = std::min(best, max_depth);
  }
  std::vector<int32_t> length(component.size());
  for (size_t node = 0; node < component.size(); ++node) {
    length[node] = depth[static_cast<size_t>(component[node])];
  }
  return length;
}

std::vector<int32_t> shared_attribute_clusters(
    const std::vector<std::vector<std::string>>& attributes) {
  UnionFind sets(attributes.size());
  std::unordered_map<std::string_view, int32_t> first_holder;
  for (size_t node = 0; node < attributes.size(); ++node) {
    for (const std::string& value : attributes[node]) {
      if (value.empty()) continue;
      const auto [it, inserted] = first_holder.emplace(value, static_cast<int32_t>(node));
      if (!inserted) sets.unite(it->second, static_cast<int32_t>(node));
    }
  }
  std::vector<int32_t> cluster(attributes.size());
  for (size_t node = 0; node < attributes.size(); ++node) {
    cluster[node] = sets.find(static_cast<int32_t>(node));
  }
  return cluster;
}

std::vector<int32_t> cluster_sizes(std::span<const int32_t> cluster_of) {
  std::vector<int32_t> size_of_cluster(cluster_of.size(), 0);
  for (const int32_t c : cluster_of) ++size_of_cluster[static_cast<size_t>(c)];
  std::vector<int32_t> sizes(cluster_of.size());
  for (size_t node = 0; node < cluster_of.size(); ++node) {
    sizes[node] = size_of_cluster[static_cast<size_t>(cluster_of[node])];
  }
  return sizes;
}

}  // namespace smecredit::profile

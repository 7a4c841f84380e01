#include "profile/graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

namespace smecredit::profile {
namespace {

uint64_t next_random(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Reachability by repeated relaxation: the reference for small graphs.
std::vector<std::vector<bool>> reachability(int32_t n, const std::vector<Edge>& edges) {
  std::vector<std::vector<bool>> reach(static_cast<size_t>(n),
                                       std::vector<bool>(static_cast<size_t>(n)));
  for (int32_t i = 0; i < n; ++i) reach[static_cast<size_t>(i)][static_cast<size_t>(i)] = true;
  for (const Edge& e : edges) reach[static_cast<size_t>(e.from)][static_cast<size_t>(e.to)] = true;
  for (int32_t k = 0; k < n; ++k) {
    for (int32_t i = 0; i < n; ++i) {
      for (int32_t j = 0; j < n; ++j) {
        if (reach[static_cast<size_t>(i)][static_cast<size_t>(k)] &&
            reach[static_cast<size_t>(k)][static_cast<size_t>(j)]) {
          reach[static_cast<size_t>(i)][static_cast<size_t>(j)] = true;
        }
      }
    }
  }
  return reach;
}

TEST(GraphTest, FindsACircleAMutualPairAndAChain) {
  // 0->1->2->0 is a circle; 3<->4 mutual; 5->6->7 a chain into the circle at 0.
  const std::vector<Edge> edges = {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 3}, {5, 6}, {6, 7}, {7, 0}};
  const Digraph g = Digraph::from_edges(8, edges);
  const auto circles = guarantee_circles(g);
  ASSERT_EQ(circles.size(), 2u);
  EXPECT_EQ(circles[0], (std::vector<int32_t>{0, 1, 2}));
  EXPECT_EQ(circles[1], (std::vector<int32_t>{3, 4}));
  EXPECT_EQ(mutual_pairs(edges), (std::vector<std::pair<int32_t, int32_t>>{{3, 4}}));
  const auto chain = chain_length(g, 100);
  EXPECT_EQ(chain[5], 3);
  EXPECT_EQ(chain[0], 0);
  const std::vector<int32_t> blacklisted = {2};
  const auto distance = distance_to(g, blacklisted, 10);
  EXPECT_EQ(distance[2], 0);
  EXPECT_EQ(distance[1], 1);
  EXPECT_EQ(distance[5], 5);
  EXPECT_EQ(distance[3], -1);
  EXPECT_EQ(distance_to(g, blacklisted, 2)[5], -1);
}

TEST(GraphTest, ComponentsMatchMutualReachabilityOnRandomGraphs) {
  uint64_t state = 4754;
  for (int trial = 0; trial < 40; ++trial) {
    const int32_t n = static_cast<int32_t>(2 + next_random(state) % 30);
    std::vector<Edge> edges;
    const int m = static_cast<int>(next_random(state) % 60);
    for (int i = 0; i < m; ++i) {
      edges.push_back({static_cast<int32_t>(next_random(state) % static_cast<uint64_t>(n)),
                       static_cast<int32_t>(next_random(state) % static_cast<uint64_t>(n))});
    }
    const auto component = strongly_connected_components(Digraph::from_edges(n, edges));
    std::vector<Edge> no_loops;
    for (const Edge& e : edges) {
      if (e.from != e.to) no_loops.push_back(e);
    }
    const auto reach = reachability(n, no_loops);
    for (int32_t a = 0; a < n; ++a) {
      for (int32_t b = 0; b < n; ++b) {
        const bool mutual = reach[static_cast<size_t>(a)][static_cast<size_t>(b)] &&
                            reach[static_cast<size_t>(b)][static_cast<size_t>(a)];
        EXPECT_EQ(component[static_cast<size_t>(a)] == component[static_cast<size_t>(b)], mutual)
            << "trial " << trial << " nodes " << a << "," << b;
      }
    }
  }
}

TEST(GraphTest, LongChainsDoNotOverflowTheStack) {
  const int32_t n = 300'000;
  std::vector<Edge> edges;
  for (int32_t i = 0; i + 1 < n; ++i) edges.push_back({i, i + 1});
  edges.push_back({n - 1, 0});
  const auto circles = guarantee_circles(Digraph::from_edges(n, edges));
  ASSERT_EQ(circles.size(), 1u);
  EXPECT_EQ(circles[0].size(), static_cast<size_t>(n));
}

TEST(GraphTest, SharedPhonesAndAddressesFormClusters) {
  const std::vector<std::vector<std::string>> attributes = {
      {"phone:1", "addr:a"}, {"phone:2", "addr:b"}, {"phone:1", "addr:c"},
      {"phone:3", "addr:c"}, {"phone:4", ""},       {"phone:5", "addr:b"}};
  const auto cluster = shared_attribute_clusters(attributes);
  EXPECT_EQ(cluster, (std::vector<int32_t>{0, 1, 0, 0, 4, 1}));
  EXPECT_EQ(cluster_sizes(cluster), (std::vector<int32_t>{3, 2, 3, 3, 1, 2}));
}

}  // namespace
}  // namespace smecredit::profile

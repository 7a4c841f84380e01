#include "profile/platform_graph.h"

#include <gtest/gtest.h>

#include "profile/sections.h"

namespace smecredit::profile {
namespace {

// What the platform holds for `key` (provider id `id`): its own edges, as
// its section lists them.
HeldEnterprise held(const std::string& key, const std::string& id, std::vector<TypedEdge> edges,
                    int32_t listed_month = kNeverListed) {
  return {
      .key = key, .own_id = id, .edges = std::move(edges), .dishonest_debtor_month = listed_month};
}

TypedEdge guarantee(const char* from, const char* to) {
  return {"guarantee", from, to};
}

TEST(PlatformGraphTest, ACircleOfThreeIsSeenOnlyAcrossEnterprises) {
  // A guarantees B, B guarantees C, C guarantees A; each section lists only
  // its own two edges, so no one enterprise sees the circle.
  const PlatformGraph graph = PlatformGraph::build({
      held("uscc-a", "A", {guarantee("A", "B"), guarantee("C", "A")}),
      held("uscc-b", "B", {guarantee("B", "C"), guarantee("A", "B")}),
      held("uscc-c", "C", {guarantee("C", "A"), guarantee("B", "C")}),
      held("uscc-d", "D", {guarantee("D", "A")}),
  });
  EXPECT_EQ(graph.nodes(), 4);
  EXPECT_EQ(graph.guarantee_edges(), 4);  // each edge once, though listed by both ends
  for (const char* key : {"uscc-a", "uscc-b", "uscc-c"}) {
    const GraphFacts f = graph.facts(key, 300).value();
    EXPECT_EQ(f.circle_size, 3) << key;
    EXPECT_EQ(f.mutual_guarantees, 0) << key;
    EXPECT_EQ(f.guarantees_given, 1) << key;
  }
  EXPECT_EQ(graph.facts("uscc-a", 300)->guarantees_received, 2);  // from C and D
  const GraphFacts d = graph.facts("uscc-d", 300).value();
  EXPECT_EQ(d.circle_size, 0);
  EXPECT_GE(d.chain_length, 1);
  EXPECT_EQ(d.distance_to_blacklisted, -1);
  EXPECT_FALSE(graph.facts("uscc-unknown", 300).has_value());
}

TEST(PlatformGraphTest, DistanceToABlacklistedPartyCountsOnlyListingsUpToTheMonth) {
  const PlatformGraph graph = PlatformGraph::build({
      held("uscc-e", "E", {guarantee("F", "E")}, /*listed_month=*/100),
      held("uscc-f", "F", {guarantee("F", "E"), guarantee("G", "F")}),
      held("uscc-g", "G", {guarantee("G", "F")}),
  });
  EXPECT_EQ(graph.facts("uscc-f", 99)->distance_to_blacklisted, -1)
      << "listed later: no look-ahead";
  EXPECT_EQ(graph.facts("uscc-f", 100)->distance_to_blacklisted, 1);
  EXPECT_EQ(graph.facts("uscc-g", 120)->distance_to_blacklisted, 2);
  EXPECT_EQ(graph.facts("uscc-e", 100)->distance_to_blacklisted, 0);
}

TEST(PlatformGraphTest, EnterprisesUsingOnePhoneFormACluster) {
  const PlatformGraph graph = PlatformGraph::build({
      held("uscc-g", "G", {{"shared_phone", "G", "H"}}),
      held("uscc-i", "I", {{"shared_address", "I", "H"}}),
      held("uscc-j", "J", {{"trade_partner", "J", "G"}, {"trade_partner", "J", "I"}}),
      held("uscc-k", "", {}),  // no edge: nothing to add
  });
  EXPECT_EQ(graph.facts("uscc-g", 1)->shared_contact_cluster_size, 3);  // G, I and H's own
  EXPECT_EQ(graph.facts("uscc-i", 1)->shared_contact_cluster_size, 3);
  EXPECT_EQ(graph.facts("uscc-j", 1)->shared_contact_cluster_size, 1);
  EXPECT_EQ(graph.facts("uscc-j", 1)->trade_partners, 2);
  EXPECT_FALSE(graph.facts("uscc-k", 1).has_value());
}

TEST(HeldEnterpriseTest, ReadsEdgesOwnIdAndTheFirstListingFromTheSections) {
  const std::string relationships =
      R"({"enterprise_id":"9135","section":"relationships","rows":[)"
      R"({"type":"guarantee","from_id":"E7","to_id":"E9","kind":"mutual","amount_fen":100}],)"
      R"("incoming":[{"type":"guarantee","from_id":"E9","to_id":"E7","kind":"mutual","amount_fen":5}]})";
  const std::string judicial = R"({"enterprise_id":"9135","section":"judicial","rows":[)"
                               R"({"date":"2024-05-02","type":"dishonest_debtor","amount_fen":1},)"
                               R"({"date":"2023-02-10","type":"dishonest_debtor","amount_fen":1},)"
                               R"({"date":"2022-01-01","type":"enforcement","amount_fen":1}]})";
  const HeldEnterprise h = held_enterprise("9135", relationships, judicial).value();
  EXPECT_EQ(h.own_id, "E7");
  ASSERT_EQ(h.edges.size(), 2u);
  EXPECT_EQ(h.edges[1].from, "E9");
  EXPECT_EQ(h.dishonest_debtor_month, 2023 * 12 + 1);
  EXPECT_EQ(held_enterprise("x", "", "").value().dishonest_debtor_month, kNeverListed);

  const std::string foreign = R"({"rows":[{"type":"guarantee","from_id":"E7","to_id":"E9"}],)"
                              R"("incoming":[{"type":"guarantee","from_id":"E1","to_id":"E2"}]})";
  EXPECT_EQ(held_enterprise("x", foreign, "").error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(held_enterprise("x", R"({"rows":[{"type":"guarantee","to_id":"E9"}]})", "").ok());
}

}  // namespace
}  // namespace smecredit::profile

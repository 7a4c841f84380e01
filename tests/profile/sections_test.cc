#include "profile/sections.h"

#include <gtest/gtest.h>

#include "connectors/provider/provider_routes.h"
#include "connectors/provider/world_store.h"
#include "connectors/world/world.h"
#include "tests/support/temp_dir.h"

namespace smecredit::profile {
namespace {

int64_t value(const MonthValues& m, Series s) {
  return m.values[static_cast<size_t>(s)];
}

TEST(SectionsTest, MergesMonthlySectionsByMonthAndCountsEvents) {
  SectionDocuments docs;
  docs.registration = R"({"enterprise_id":"E1","section":"registration","rows":[{
    "founded_on":"2020-03-15","registered_capital_fen":500000000,"declared_employees":12,
    "self_declared_annual_revenue_fen":90000000}],"changes":[
    {"type":"legal_rep_change","date":"2023-05-02"}]})";
  docs.flows = R"({"enterprise_id":"E1","section":"flows","rows":[
    {"month":"2023-01","pos_sales_fen":100,"ecommerce_sales_fen":20,"transfer_sales_fen":3,
     "purchases_fen":50,"electricity_kwh":7,"utilities_fen":null},
    {"month":"2023-02","pos_sales_fen":null,"ecommerce_sales_fen":0,"transfer_sales_fen":0,
     "purchases_fen":0,"electricity_kwh":0}]})";
  docs.tax = R"({"rows":[{"month":"2023-02","vat_tax_base_fen":900,"vat_declared_fen":117,
    "vat_paid_fen":100,"social_insurance_headcount":9}]})";
  docs.judicial = R"({"rows":[
    {"type":"court_case","role":"defendant","stage":"filed","date":"2023-01-20","amount_fen":5},
    {"type":"court_case","role":"defendant","stage":"judged","date":"2023-06-20"},
    {"type":"enforcement","date":"2023-07-01","amount_fen":8}]})";
  docs.relationships = R"({"rows":[{"type":"guarantee","from_id":"E1","to_id":"E2"},
    {"type":"guarantee","from_id":"E1","to_id":"E3"},{"type":"trade_partner","to_id":"E9"}],
    "incoming":[{"type":"guarantee","from_id":"E2","to_id":"E1"}]})";
  const auto history = history_from_sections(docs);
  ASSERT_TRUE(history.ok()) << history.error().to_string();
  const EnterpriseHistory& h = history.value();
  EXPECT_EQ(h.founded_month_index, 2020 * 12 + 2);
  EXPECT_EQ(h.registered_capital_fen, 500000000);
  EXPECT_EQ(h.declared_employees, 12);
  ASSERT_EQ(h.months.size(), 2u);
  EXPECT_EQ(value(h.months[0], Series::kInflows), 123);
  EXPECT_EQ(value(h.months[0], Series::kElectricity), 7);
  EXPECT_EQ(value(h.months[1], Series::kTaxBase), 900);
  EXPECT_EQ(value(h.months[1], Series::kHeadcount), 9);
  EXPECT_EQ(last_data_month(h), 2023 * 12 + 1);
  ASSERT_EQ(h.events.size(), 3u);  // the rep change, the filed case, the enforcement
  EXPECT_EQ(h.graph.guarantees_given, 2);
  EXPECT_EQ(h.graph.guarantees_received, 1);
  EXPECT_EQ(h.graph.mutual_guarantees, 1);
  EXPECT_EQ(h.graph.circle_size, 2);
  EXPECT_EQ(h.graph.trade_partners, 1);
}

TEST(SectionsTest, MalformedDocumentsNameTheSection) {
  SectionDocuments docs;
  docs.tax = R"({"rows":[{"month":"2023-13","vat_paid_fen":1}]})";
  EXPECT_NE(history_from_sections(docs).error().message.find("tax:"), std::string::npos);
  docs.tax = R"({"rows":[{"month":"2023-01","vat_paid_fen":1.5}]})";
  EXPECT_NE(history_from_sections(docs).error().message.find("vat_paid_fen"), std::string::npos);
  docs.tax = "";
  docs.flows = "[1,2]";
  EXPECT_NE(history_from_sections(docs).error().message.find("flows:"), std::string::npos);
  docs.flows = R"({"rows":{}})";
  EXPECT_FALSE(history_from_sections(docs).ok());
  EXPECT_EQ(last_data_month(EnterpriseHistory{}), -1);
}

// What the provider serves for a generated world parses into the same
// months as the world's own files hold.
TEST(SectionsTest, ParsesEverySectionTheProviderRenders) {
  testing::TempDir dir;
  world::WorldOptions options;
  options.enterprises = 30;
  options.months = 13;
  options.out_dir = dir.file("world");
  ASSERT_TRUE(world::generate_world(options).ok());
  const auto store = connectors::WorldStore::load(dir.file("world")).value();
  for (const char* id : {"E0000001", "E0000007", "E0000023"}) {
    SectionDocuments docs;
    docs.registration = connectors::render_section(*store, id, "registration");
    docs.tax = connectors::render_section(*store, id, "tax");
    docs.invoices = connectors::render_section(*store, id, "invoices");
    docs.flows = connectors::render_section(*store, id, "flows");
    docs.judicial = connectors::render_section(*store, id, "judicial");
    docs.penalties = connectors::render_section(*store, id, "penalties");
    docs.relationships = connectors::render_section(*store, id, "relationships");
    const auto history = history_from_sections(docs);
    ASSERT_TRUE(history.ok()) << id << ": " << history.error().to_string();
    EXPECT_EQ(history.value().months.size(), store->monthly().rows(id).size()) << id;
    EXPECT_GT(history.value().registered_capital_fen, 0) << id;
    EXPECT_EQ(compute_features(history.value(), last_data_month(history.value())).size(),
              feature_catalogue().size());
  }
}

}  // namespace
}  // namespace smecredit::profile

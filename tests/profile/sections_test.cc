#include "profile/sections.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

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

// The same enterprises read from the world files the way `smecredit bench
// profile` reads them (bench/profile_bench.cc), for the comparison below.

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::vector<std::string>> csv_rows(const std::filesystem::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    size_t begin = 0;
    for (size_t comma = line.find(','); comma != std::string::npos; comma = line.find(',', begin)) {
      fields.push_back(line.substr(begin, comma - begin));
      begin = comma + 1;
    }
    fields.push_back(line.substr(begin));
    rows.push_back(std::move(fields));
  }
  return rows;
}

int64_t number(std::string_view text) {
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

int32_t month_of(std::string_view yyyy_mm) {
  return static_cast<int32_t>(number(yyyy_mm.substr(0, 4)) * 12 + number(yyyy_mm.substr(5, 2)) - 1);
}

std::string json_text(const std::string& line, const std::string& key) {
  const std::string pattern = "\"" + key + "\":\"";
  const size_t at = line.find(pattern);
  if (at == std::string::npos) return {};
  const size_t begin = at + pattern.size();
  return line.substr(begin, line.find('"', begin) - begin);
}

// bench/profile_bench.cc's reading of the files, for the enterprises in `ids`.
std::map<std::string, EnterpriseHistory> load_from_files(const std::filesystem::path& dir,
                                                         const std::vector<std::string>& ids) {
  std::map<std::string, EnterpriseHistory> out;
  const auto wanted = [&](const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  for (const auto& f : csv_rows(dir / "enterprises.csv")) {
    if (!wanted(f[0])) continue;
    EnterpriseHistory& h = out[f[0]];
    h.founded_month_index = month_of(f[8]);
    h.registered_capital_fen = number(f[9]);
    h.declared_employees = number(f[10]);
    h.self_declared_annual_revenue_fen = number(f[16]);
  }
  for (const auto& f : csv_rows(dir / "monthly.csv")) {
    if (!wanted(f[0])) continue;
    MonthValues m;
    m.month_index = month_of(f[1]);
    const int64_t pos = number(f[2]), ecommerce = number(f[3]), transfer = number(f[4]);
    m.values = {pos,           ecommerce,     transfer,      pos + ecommerce + transfer,
                number(f[5]),  number(f[7]),  number(f[9]),  number(f[10]),
                number(f[11]), number(f[12]), number(f[13]), number(f[15])};
    out[f[0]].months.push_back(m);
  }
  std::istringstream events(read_file(dir / "events.jsonl"));
  for (std::string line; std::getline(events, line);) {
    const std::string id = json_text(line, "enterprise_id");
    if (!wanted(id)) continue;
    const std::string type = json_text(line, "type");
    int kind = -1;
    if (type == "court_case" && json_text(line, "stage") == "filed") {
      kind = static_cast<int>(json_text(line, "role") == "defendant" ? EventKind::kCourtDefendant
                                                                     : EventKind::kCourtPlaintiff);
    }
    const std::pair<const char*, EventKind> kinds[] = {
        {"enforcement", EventKind::kEnforcement},
        {"dishonest_debtor", EventKind::kDishonestDebtor},
        {"administrative_penalty", EventKind::kPenalty},
        {"equity_freeze", EventKind::kEquityFreeze},
        {"legal_rep_change", EventKind::kLegalRepChange},
        {"shareholder_change", EventKind::kShareholderChange}};
    for (const auto& [name, k] : kinds) {
      if (type == name) kind = static_cast<int>(k);
    }
    if (kind < 0) continue;
    const size_t amount_at = line.find("\"amount_fen\":");
    const int64_t amount =
        amount_at == std::string::npos ? 0 : number(std::string_view(line).substr(amount_at + 13));
    out[id].events.push_back(
        {month_of(json_text(line, "date")), static_cast<EventKind>(kind), amount});
  }
  std::set<std::pair<std::string, std::string>> guarantees;
  for (const auto& f : csv_rows(dir / "relationships.csv")) {
    if (f[0] == "guarantee") {
      guarantees.emplace(f[1], f[2]);
      if (wanted(f[1])) ++out[f[1]].graph.guarantees_given;
      if (wanted(f[2])) ++out[f[2]].graph.guarantees_received;
    }
    if (f[0] == "trade_partner" && wanted(f[1])) ++out[f[1]].graph.trade_partners;
  }
  for (const auto& [from, to] : guarantees) {
    if (wanted(from) && guarantees.count({to, from}) > 0) ++out[from].graph.mutual_guarantees;
  }
  return out;
}

bool same_months(std::vector<MonthValues> a, std::vector<MonthValues> b) {
  const auto by_month = [](const MonthValues& x, const MonthValues& y) {
    return x.month_index < y.month_index;
  };
  std::sort(a.begin(), a.end(), by_month);
  std::sort(b.begin(), b.end(), by_month);
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].month_index != b[i].month_index || a[i].values != b[i].values) return false;
  }
  return true;
}

std::vector<std::tuple<int32_t, int, int64_t>> event_keys(const std::vector<DatedEvent>& events) {
  std::vector<std::tuple<int32_t, int, int64_t>> keys;
  for (const DatedEvent& e : events) {
    keys.emplace_back(e.month_index, static_cast<int>(e.kind), e.amount_fen);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Every section the provider renders parses into what the world's files say:
// registration facts, months, events by kind and the own-edge graph facts;
// and so every feature that does not need the whole graph is the same.
TEST(SectionsTest, RenderedSectionsMatchTheWorldFiles) {
  testing::TempDir dir;
  world::WorldOptions options;
  options.enterprises = 400;
  options.months = 24;
  options.seed = 5;
  options.threads = 1;
  options.out_dir = dir.path().string();
  ASSERT_TRUE(world::generate_world(options).ok());
  const auto store = connectors::WorldStore::load(dir.path().string());
  ASSERT_TRUE(store.ok()) << store.error().to_string();

  // Enterprises with events, guarantees both ways and trade partners, and the first few.
  std::vector<std::string> ids = {"E0000001", "E0000002", "E0000003"};
  for (const auto& f : csv_rows(dir.path() / "relationships.csv")) {
    if (f[0] == "guarantee" && ids.size() < 12) ids.push_back(f[1]);
    if (f[0] == "trade_partner" && ids.size() < 16) ids.push_back(f[2]);
  }
  std::istringstream events(read_file(dir.path() / "events.jsonl"));
  for (std::string line; std::getline(events, line) && ids.size() < 24;) {
    ids.push_back(json_text(line, "enterprise_id"));
  }
  const std::map<std::string, EnterpriseHistory> expected = load_from_files(dir.path(), ids);

  int64_t total_events = 0;
  for (const std::string& id : ids) {
    SCOPED_TRACE(id);
    const auto render = [&](const char* section) {
      return connectors::render_section(*store.value(), id, section);
    };
    const SectionDocuments docs{render("registration"), render("tax"),      render("invoices"),
                                render("flows"),        render("judicial"), render("penalties"),
                                render("relationships")};
    const Result<EnterpriseHistory> parsed = history_from_sections(docs);
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    const EnterpriseHistory& got = parsed.value();
    const EnterpriseHistory& want = expected.at(id);
    EXPECT_EQ(got.founded_month_index, want.founded_month_index);
    EXPECT_EQ(got.registered_capital_fen, want.registered_capital_fen);
    EXPECT_EQ(got.declared_employees, want.declared_employees);
    EXPECT_EQ(got.self_declared_annual_revenue_fen, want.self_declared_annual_revenue_fen);
    EXPECT_TRUE(same_months(got.months, want.months));
    EXPECT_EQ(event_keys(got.events), event_keys(want.events));
    EXPECT_EQ(got.graph.guarantees_given, want.graph.guarantees_given);
    EXPECT_EQ(got.graph.guarantees_received, want.graph.guarantees_received);
    EXPECT_EQ(got.graph.trade_partners, want.graph.trade_partners);
    EXPECT_EQ(got.graph.mutual_guarantees, want.graph.mutual_guarantees);
    total_events += static_cast<int64_t>(got.events.size());
    // The features that do not depend on the cross-enterprise graph facts agree.
    EnterpriseHistory same_graph = want;
    same_graph.graph = got.graph;
    const int32_t as_of = options.start_year * 12 + options.months - 1;
    const std::vector<double> a = compute_features(got, as_of);
    const std::vector<double> b = compute_features(same_graph, as_of);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_TRUE(a[i] == b[i] || (a[i] != a[i] && b[i] != b[i]))
          << feature_catalogue()[i].name << ": " << a[i] << " vs " << b[i];
    }
  }
  EXPECT_GT(total_events, 0);
}

}  // namespace
}  // namespace smecredit::profile

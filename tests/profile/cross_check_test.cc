#include "profile/cross_check.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "connectors/world/world.h"
#include "tests/support/temp_dir.h"

namespace smecredit::profile {
namespace {

std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::vector<std::string>> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream stream(line);
    std::string field;
    while (std::getline(stream, field, ',')) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    rows.push_back(std::move(fields));
  }
  return rows;
}

int32_t month_index(const std::string& yyyy_mm) {
  return std::stoi(yyyy_mm.substr(0, 4)) * 12 + std::stoi(yyyy_mm.substr(5, 2)) - 1;
}

bool has_flag(const CrossCheck& check, const std::string& code) {
  for (const Flag& flag : check.flags) {
    if (flag.code == code) return true;
  }
  return false;
}

// Inputs for every enterprise of a generated world, by enterprise id.
std::map<std::string, CrossCheckInputs> inputs_of(const std::filesystem::path& dir) {
  std::map<std::string, CrossCheckInputs> inputs;
  for (const auto& row : read_csv(dir / "enterprises.csv")) {
    inputs[row[0]].declared_employees = std::stoll(row[10]);
    inputs[row[0]].self_declared_annual_revenue_fen = std::stoll(row[16]);
  }
  for (const auto& row : read_csv(dir / "monthly.csv")) {
    MonthFigures m;
    m.month_index = month_index(row[1]);
    m.inflows_fen = std::stoll(row[2]) + std::stoll(row[3]) + std::stoll(row[4]);
    m.invoiced_sales_fen = std::stoll(row[7]);
    m.tax_base_fen = std::stoll(row[10]);
    m.electricity_kwh = std::stoll(row[13]);
    m.si_headcount = std::stoll(row[15]);
    inputs[row[0]].months.push_back(m);
  }
  return inputs;
}

class CrossCheckWorldTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world::WorldOptions options;
    options.enterprises = 2000;
    options.months = 24;
    options.seed = 17;
    options.quality.missing_month_bp = 0;
    options.quality.invoice_tax_mismatch_bp = 1000;
    options.quality.inflated_revenue_bp = 1000;
    options.out_dir = dir_.file("world");
    ASSERT_TRUE(world::generate_world(options).ok());
    inputs_ = inputs_of(dir_.path() / "world");
    for (const auto& row : read_csv(dir_.path() / "world" / "quality.csv")) {
      injected_[row[2]].insert(row[0]);
    }
  }

  // (share of injected enterprises flagged, share of the others flagged)
  std::pair<double, double> detection(const std::string& problem, const std::string& flag) {
    int injected_flagged = 0, injected = 0, clean_flagged = 0, clean = 0;
    for (const auto& [id, in] : inputs_) {
      if (in.months.empty()) continue;
      const bool has = has_flag(cross_verify(in, as_of_), flag);
      if (injected_[problem].count(id)) {
        ++injected;
        injected_flagged += has;
      } else {
        ++clean;
        clean_flagged += has;
      }
    }
    return {static_cast<double>(injected_flagged) / std::max(injected, 1),
            static_cast<double>(clean_flagged) / std::max(clean, 1)};
  }

  testing::TempDir dir_;
  std::map<std::string, CrossCheckInputs> inputs_;
  std::map<std::string, std::set<std::string>> injected_;
  const int32_t as_of_ = 2024 * 12 + 11;
};

TEST_F(CrossCheckWorldTest, FindsUnderDeclaredTaxAndFewFalseAlarms) {
  const auto [hit, false_alarm] = detection("invoice_tax_mismatch", "tax_base_below_invoices");
  EXPECT_GT(hit, 0.95);
  EXPECT_LT(false_alarm, 0.01);
}

TEST_F(CrossCheckWorldTest, FindsInflatedSelfDeclaredRevenue) {
  const auto [hit, false_alarm] = detection("inflated_revenue", "self_declared_revenue_high");
  EXPECT_GT(hit, 0.6);
  EXPECT_LT(false_alarm, 0.05);
}

TEST_F(CrossCheckWorldTest, NothingAfterTheAsOfMonthIsUsed) {
  const int32_t as_of = 2024 * 12 + 2;
  int compared = 0;
  for (const auto& [id, in] : inputs_) {
    const CrossCheck before = cross_verify(in, as_of);
    CrossCheckInputs tampered = in;
    for (MonthFigures& m : tampered.months) {
      if (m.month_index <= as_of) continue;
      m.tax_base_fen = 0;
      m.inflows_fen *= 50;
      m.si_headcount = 0;
      m.electricity_kwh = 0;
    }
    tampered.months.push_back({as_of + 1, 1, 1, 1, 1, 1});
    const CrossCheck after = cross_verify(tampered, as_of);
    ASSERT_EQ(before.consistency_score, after.consistency_score) << id;
    ASSERT_EQ(before.flags.size(), after.flags.size()) << id;
    for (size_t i = 0; i < before.flags.size(); ++i) {
      EXPECT_EQ(before.flags[i].code, after.flags[i].code);
      EXPECT_EQ(before.flags[i].detail, after.flags[i].detail);
    }
    ++compared;
  }
  EXPECT_EQ(compared, 2000);
}

TEST(CrossCheckTest, ScoresFlagsBySeverityAndCountsGaps) {
  CrossCheckInputs in;
  in.declared_employees = 20;
  in.self_declared_annual_revenue_fen = 0;
  for (int32_t m = 0; m < 12; ++m) {
    if (m == 3 || m == 4 || m == 5) continue;  // three months missing
    in.months.push_back({24'000 + m, 100'000, 50'000, 100'000, 100, 20});
  }
  const CrossCheck check = cross_verify(in, 24'011);
  EXPECT_TRUE(has_flag(check, "tax_base_below_invoices"));  // 50%: severe
  EXPECT_TRUE(has_flag(check, "missing_months"));           // 3: warning
  EXPECT_FALSE(has_flag(check, "headcount_below_declared"));
  EXPECT_EQ(check.consistency_score, 100 - 25 - 10);
}

}  // namespace
}  // namespace smecredit::profile

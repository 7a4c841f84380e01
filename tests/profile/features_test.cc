#include "profile/features.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace smecredit::profile {
namespace {

uint64_t next_random(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

constexpr int32_t kStart = 2023 * 12;

EnterpriseHistory random_history(uint64_t& state) {
  EnterpriseHistory h;
  h.founded_month_index = kStart - static_cast<int32_t>(next_random(state) % 24);
  h.registered_capital_fen = 100'000'000;
  h.declared_employees = 10;
  h.self_declared_annual_revenue_fen = 50'000'000;
  for (int32_t m = kStart; m < kStart + 48; ++m) {
    if (next_random(state) % 10 == 0) continue;
    MonthValues values;
    values.month_index = m;
    for (int64_t& v : values.values) v = static_cast<int64_t>(next_random(state) % 1'000'000);
    h.months.push_back(values);
  }
  for (int i = 0; i < 30; ++i) {
    h.events.push_back({kStart + static_cast<int32_t>(next_random(state) % 48),
                        static_cast<EventKind>(next_random(state) % kEventKindCount),
                        static_cast<int64_t>(next_random(state) % 100'000)});
  }
  h.graph.circle_size = 3;
  return h;
}

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

TEST(FeaturesTest, CatalogueHasAtLeast150UniqueDocumentedNames) {
  const auto& catalogue = feature_catalogue();
  EXPECT_GE(catalogue.size(), 150u);
  std::set<std::string> names;
  for (const FeatureInfo& info : catalogue) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_FALSE(info.description.empty()) << info.name;
    for (char c : info.name) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << info.name;
    }
  }
  EXPECT_NE(feature_catalogue_markdown().find("`inflows_yoy_3m`"), std::string::npos);
}

TEST(FeaturesTest, NothingDatedAfterTheAsOfMonthIsUsed) {
  uint64_t state = 150;
  for (int trial = 0; trial < 200; ++trial) {
    const EnterpriseHistory history = random_history(state);
    const int32_t as_of = kStart + 12 + static_cast<int32_t>(next_random(state) % 30);
    const std::vector<double> before = compute_features(history, as_of);
    EnterpriseHistory tampered = history;
    for (MonthValues& m : tampered.months) {
      if (m.month_index <= as_of) continue;
      for (int64_t& v : m.values) v = v * 7 + 13;
    }
    for (DatedEvent& e : tampered.events) {
      if (e.month_index > as_of) e.kind = EventKind::kDishonestDebtor;
    }
    tampered.months.push_back({as_of + 1, {}});
    tampered.events.push_back({as_of + 1, EventKind::kEnforcement, 1});
    const std::vector<double> after = compute_features(tampered, as_of);
    ASSERT_EQ(before.size(), feature_catalogue().size());
    for (size_t i = 0; i < before.size(); ++i) {
      ASSERT_TRUE(same(before[i], after[i])) << feature_catalogue()[i].name << " trial " << trial;
    }
  }
}

// A dated self-declared revenue is known only from its month on: as of an
// earlier month the feature is empty and the cross-check does not use it.
TEST(FeaturesTest, ADatedDeclarationIsUnknownBeforeItsMonth) {
  uint64_t state = 7;
  EnterpriseHistory h = random_history(state);
  h.self_declared_month_index = kStart + 40;
  size_t feature = 0;
  while (feature_catalogue()[feature].name != "declared_revenue_to_inflows") ++feature;
  EXPECT_TRUE(std::isnan(compute_features(h, kStart + 39)[feature]));
  EXPECT_FALSE(std::isnan(compute_features(h, kStart + 40)[feature]));
  h.self_declared_month_index = -1;  // undated: used as of any month
  EXPECT_FALSE(std::isnan(compute_features(h, kStart + 20)[feature]));
}

TEST(FeaturesTest, ComputesLevelsGrowthAndCounts) {
  EnterpriseHistory h;
  h.founded_month_index = kStart;
  h.declared_employees = 4;
  for (int32_t m = 0; m < 24; ++m) {
    MonthValues values;
    values.month_index = kStart + m;
    values.values[static_cast<size_t>(Series::kInflows)] = m < 12 ? 100 : 150;
    values.values[static_cast<size_t>(Series::kHeadcount)] = 2;
    h.months.push_back(values);
  }
  h.events.push_back({kStart + 20, EventKind::kPenalty, 5000});
  h.events.push_back({kStart + 5, EventKind::kPenalty, 7000});
  const std::vector<double> values = compute_features(h, kStart + 23);
  const auto value = [&](const std::string& name) {
    for (size_t i = 0; i < feature_catalogue().size(); ++i) {
      if (feature_catalogue()[i].name == name) return values[i];
    }
    ADD_FAILURE() << name;
    return 0.0;
  };
  EXPECT_DOUBLE_EQ(value("inflows_mean_12m"), 150);
  EXPECT_DOUBLE_EQ(value("inflows_growth_12m"), 0.5);
  EXPECT_DOUBLE_EQ(value("inflows_yoy_3m"), 0.5);
  EXPECT_DOUBLE_EQ(value("insured_to_declared_employees_12m"), 0.5);
  EXPECT_DOUBLE_EQ(value("penalty_count_12m"), 1);
  EXPECT_DOUBLE_EQ(value("penalty_count_36m"), 2);
  EXPECT_DOUBLE_EQ(value("penalty_amount_36m"), 12000);
  EXPECT_DOUBLE_EQ(value("age_months"), 23);
  EXPECT_TRUE(std::isnan(value("vat_paid_to_declared_12m")));
}

}  // namespace
}  // namespace smecredit::profile

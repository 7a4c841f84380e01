#include "decision/table/table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace smecredit::decision {
namespace {

Value num(std::string_view text) {
  return Value::number(Decimal::parse(text).value());
}

class TableTest : public ::testing::Test {
 protected:
  TableTest() {
    schema_.add("score");
    schema_.add("sector");
    schema_.add("revenue");
  }

  std::shared_ptr<const CompiledTable> compile(const TableSpec& spec) {
    TableError where;
    auto table = compile_table(spec, schema_, &where);
    EXPECT_TRUE(table.ok()) << where.pointer << " " << where.error.message;
    return table.ok() ? table.value() : nullptr;
  }

  std::string run(const CompiledTable& table, Value score, Value sector) {
    std::vector<Value> slots = {std::move(score), std::move(sector), num("1000")};
    std::vector<Value> out;
    Status s = table.evaluate(slots, &out);
    if (!s.ok()) return "error: " + s.error().message;
    std::string text;
    for (const Value& v : out) text += (text.empty() ? "" : " ") + v.to_json();
    return text;
  }

  static TableSpec grades(HitPolicy policy) {
    TableSpec spec;
    spec.hit_policy = policy;
    spec.inputs = {"score", "sector"};
    spec.outputs = {"grade", "multiplier"};
    spec.rows = {
        {{">= 700", "-"}, {"'A'", "1.2"}},
        {{"[600..700)", "'retail', 'food'"}, {"'B'", "1.0"}},
        {{"[600..700)", "'mining'"}, {"'C'", "revenue / 1000 * 0.5"}},
        {{"< 600", "-"}, {"'D'", "0"}},
    };
    return spec;
  }

  Schema schema_;
};

TEST_F(TableTest, FirstHitMatchesRangesAndSets) {
  auto table = compile(grades(HitPolicy::kFirst));
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(run(*table, num("720"), Value::string("retail")), "\"A\" 1.2");
  EXPECT_EQ(run(*table, num("700"), Value()), "\"A\" 1.2");
  EXPECT_EQ(run(*table, num("699.99"), Value::string("food")), "\"B\" 1.0");
  EXPECT_EQ(run(*table, num("600"), Value::string("mining")), "\"C\" 0.50000000000");
  EXPECT_EQ(run(*table, num("650"), Value::string("tech")), "null null");
  EXPECT_EQ(run(*table, num("599"), Value::string("tech")), "\"D\" 0");
  EXPECT_EQ(run(*table, Value(), Value::string("retail")), "null null");
}

TEST_F(TableTest, UniqueRejectsTwoMatches) {
  TableSpec spec = grades(HitPolicy::kUnique);
  spec.rows.push_back({{">= 650", "'retail'"}, {"'X'", "1"}});
  auto table = compile(spec);
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(run(*table, num("660"), Value::string("retail")),
            "error: 1:1: unique table: rows 1 and 4 both match");
  EXPECT_EQ(run(*table, num("640"), Value::string("retail")), "\"B\" 1.0");
}

TEST_F(TableTest, CollectAggregates) {
  TableSpec spec;
  spec.inputs = {"score"};
  spec.outputs = {"points"};
  spec.rows = {{{"> 100"}, {"10"}}, {{"> 200"}, {"20"}}, {{"> 300"}, {"30"}}, {{"-"}, {"1"}}};
  spec.hit_policy = HitPolicy::kCollectSum;
  EXPECT_EQ(run(*compile(spec), num("250"), Value()), "31");
  spec.hit_policy = HitPolicy::kCollectMax;
  EXPECT_EQ(run(*compile(spec), num("250"), Value()), "20");
  spec.hit_policy = HitPolicy::kCollectMin;
  EXPECT_EQ(run(*compile(spec), num("250"), Value()), "1");
  spec.hit_policy = HitPolicy::kCollectCount;
  EXPECT_EQ(run(*compile(spec), num("350"), Value()), "4");
  spec.hit_policy = HitPolicy::kCollect;
  EXPECT_EQ(run(*compile(spec), num("150"), Value()), "[10,1]");
}

TEST_F(TableTest, DefaultsWhenNothingMatches) {
  TableSpec spec = grades(HitPolicy::kFirst);
  spec.defaults = {"'Z'", "0"};
  EXPECT_EQ(run(*compile(spec), num("650"), Value::string("tech")), "\"Z\" 0");
}

TEST_F(TableTest, LintFindsGapsAndOverlaps) {
  auto table = compile(grades(HitPolicy::kFirst));
  LintReport report = table->lint();
  EXPECT_TRUE(report.exhaustive);
  ASSERT_FALSE(report.gaps.empty());
  EXPECT_EQ(report.gaps[0], "score == 600, sector in (-inf..'food')");
  EXPECT_TRUE(report.overlaps.empty());
  EXPECT_EQ(report.overlap_count, 0u);
  EXPECT_GE(report.gap_count, report.gaps.size());
  TableSpec spec = grades(HitPolicy::kUnique);
  spec.rows.push_back({{"[650..800]", "'retail'"}, {"'X'", "1"}});
  report = compile(spec)->lint();
  ASSERT_FALSE(report.overlaps.empty());
  EXPECT_EQ(report.overlaps[0], "rows 1 and 4 on score == 650, sector == 'retail'");
}

TEST_F(TableTest, ErrorsNameTheCell) {
  TableSpec spec = grades(HitPolicy::kFirst);
  spec.rows[2].conditions[0] = "[600..";
  TableError where;
  EXPECT_FALSE(compile_table(spec, schema_, &where).ok());
  EXPECT_EQ(where.pointer, "rows/2/conditions/0");
  spec = grades(HitPolicy::kFirst);
  spec.rows[1].conditions[1] = "'retail', 3";
  EXPECT_FALSE(compile_table(spec, schema_, &where).ok());
  EXPECT_EQ(where.pointer, "inputs/1");
}

// Property: the index agrees with a row-by-row scan for random values.
TEST_F(TableTest, IndexAgreesWithLinearScanProperty) {
  TableSpec spec;
  spec.hit_policy = HitPolicy::kCollect;
  spec.inputs = {"score"};
  spec.outputs = {"row"};
  std::vector<std::pair<int, int>> ranges;
  uint64_t state = 7;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % 1000);
  };
  for (int r = 0; r < 100; ++r) {
    int lo = next();
    int hi = next();
    if (lo > hi) std::swap(lo, hi);
    ranges.emplace_back(lo, hi);
    spec.rows.push_back(
        {{"[" + std::to_string(lo) + ".." + std::to_string(hi) + ")"}, {std::to_string(r)}});
  }
  auto table = compile(spec);
  for (int i = 0; i < 2000; ++i) {
    const int x = next() - 5;
    std::string expected = "[";
    for (size_t r = 0; r < ranges.size(); ++r) {
      if (x >= ranges[r].first && x < ranges[r].second) {
        expected += (expected.size() > 1 ? "," : "") + std::to_string(r);
      }
    }
    expected += "]";
    ASSERT_EQ(run(*table, Value::number(Decimal::from_int(x)), Value()), expected) << x;
  }
}

}  // namespace
}  // namespace smecredit::decision

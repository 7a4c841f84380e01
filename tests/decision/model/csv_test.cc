#include "decision/model/csv.h"

#include <gtest/gtest.h>

#include <cmath>

#include "decision/model/dataset.h"

namespace smecredit::model {
namespace {

TEST(CsvTest, ParsesQuotedFieldsAsRfc4180) {
  const auto table = parse_csv("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"multi\nline\",\n");
  ASSERT_TRUE(table.ok()) << table.error().to_string();
  ASSERT_EQ(table.value().rows.size(), 2u);
  EXPECT_EQ(table.value().rows[0][1], "x, y");
  EXPECT_EQ(table.value().rows[0][2], "say \"hi\"");
  EXPECT_EQ(table.value().rows[1][1], "multi\nline");
  EXPECT_EQ(table.value().rows[1][2], "");
}

TEST(CsvTest, ErrorsNameTheLine) {
  const auto short_row = parse_csv("a,b\n1,2\n3\n");
  ASSERT_FALSE(short_row.ok());
  EXPECT_EQ(short_row.error().message, "line 3: expected 2 fields, found 1");
  const auto unterminated = parse_csv("a,b\n1,2\n\"3,4\n");
  ASSERT_FALSE(unterminated.ok());
  EXPECT_EQ(unterminated.error().message, "line 3: unterminated quoted field");
  const auto after_quote = parse_csv("a,b\n\"1\"x,2\n");
  ASSERT_FALSE(after_quote.ok());
  EXPECT_EQ(after_quote.error().message, "line 2: text after a closing quote");
  EXPECT_FALSE(parse_csv("").ok());
  EXPECT_FALSE(parse_csv("a,a\n1,2\n").ok());
  const auto after_multiline = parse_csv("a,b\n\"x\ny\",2\n3\n");
  ASSERT_FALSE(after_multiline.ok());
  EXPECT_EQ(after_multiline.error().message, "line 4: expected 2 fields, found 1");
}

TEST(CsvTest, FormatRoundTrips) {
  const std::vector<std::string> fields = {"plain", "a,b", "q\"q", "", "line\nbreak"};
  const auto table = parse_csv("h1,h2,h3,h4,h5\n" + format_csv_record(fields));
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table.value().rows[0], fields);
}

TEST(DatasetTest, DetectsKindsAndMissingValues) {
  const auto table = parse_csv("n,c,label\n1.5,x,bad\nNA,y,good\n-2,,good\n").value();
  const Dataset data = dataset_from_csv(table, "label");
  ASSERT_EQ(data.columns.size(), 2u);
  EXPECT_EQ(data.columns[0].kind, ColumnKind::kNumeric);
  EXPECT_TRUE(std::isnan(data.columns[0].numbers[1]));
  EXPECT_EQ(data.columns[1].kind, ColumnKind::kCategorical);
  EXPECT_TRUE(data.columns[1].is_missing(2));
  EXPECT_EQ(binary_labels(table, "label", "bad").value(), (std::vector<int>{1, 0, 0}));
  EXPECT_FALSE(binary_labels(table, "label", "nobody").ok());
  EXPECT_FALSE(binary_labels(table, "nolabel", "bad").ok());
  EXPECT_FALSE(column_as(table, "c", ColumnKind::kNumeric).ok());
}

}  // namespace
}  // namespace smecredit::model

#include "api/json.h"

#include <gtest/gtest.h>

#include <string>

namespace smecredit::api {
namespace {

TEST(JsonTest, ParsesObjects) {
  auto doc = parse_json_object(R"({"amount":"12.30","term":12})");
  ASSERT_TRUE(doc.ok());
  EXPECT_STREQ(doc.value()["amount"].GetString(), "12.30");
}

TEST(JsonTest, ReportsTheOffsetOfMalformedInput) {
  auto doc = parse_json_object(R"({"amount": 12,, })");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(doc.error().message.find("byte 14"), std::string::npos) << doc.error().message;
}

TEST(JsonTest, RejectsNonObjectsAndInvalidUtf8) {
  EXPECT_FALSE(parse_json_object("[1,2]").ok());
  EXPECT_FALSE(parse_json_object("\"x\"").ok());
  EXPECT_FALSE(parse_json_object("").ok());
  EXPECT_FALSE(parse_json_object("{\"a\":\"\xff\xfe\"}").ok());
}

TEST(JsonTest, BoundsNestingDepthWithoutRecursing) {
  std::string deep(100'000, '[');
  deep = "{\"a\":" + deep;
  auto doc = parse_json_object(deep);
  ASSERT_FALSE(doc.ok());
  std::string ok_depth = "{\"a\":" + std::string(30, '[') + std::string(30, ']') + "}";
  EXPECT_TRUE(parse_json_object(ok_depth).ok());
}

TEST(JsonTest, WritesEscapedStrings) {
  EXPECT_EQ(json_object_with_string("k", "a\"b\n"), R"({"k":"a\"b\n"})");
}

TEST(YuanTextTest, WritesFenAsTheApiWritesMoney) {
  EXPECT_EQ(yuan_text(444244), "4442.44");
  EXPECT_EQ(yuan_text(5), "0.05");
  EXPECT_EQ(yuan_text(0), "0.00");
  EXPECT_EQ(yuan_text(-1250), "-12.50");
}

}  // namespace
}  // namespace smecredit::api

#include "api/problem.h"

#include <gtest/gtest.h>

#include "api/json.h"

namespace smecredit::api {
namespace {

TEST(ProblemTest, MapsErrorCodesToStatuses) {
  EXPECT_EQ(http_status_for(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(http_status_for(ErrorCode::kNotFound), 404);
  EXPECT_EQ(http_status_for(ErrorCode::kConflict), 409);
  EXPECT_EQ(http_status_for(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(http_status_for(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(http_status_for(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(http_status_for(ErrorCode::kInternal), 500);
}

TEST(ProblemTest, BodyIsRfc9457) {
  const HttpResponse r = error_response(Error{ErrorCode::kNotFound, "no loan L1"}, "trace-1");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto doc = parse_json_object(r.body);
  ASSERT_TRUE(doc.ok());
  EXPECT_STREQ(doc.value()["type"].GetString(), "/problems/not_found");
  EXPECT_STREQ(doc.value()["code"].GetString(), "not_found");
  EXPECT_EQ(doc.value()["status"].GetInt(), 404);
  EXPECT_STREQ(doc.value()["detail"].GetString(), "no loan L1");
  EXPECT_STREQ(doc.value()["trace_id"].GetString(), "trace-1");
}

TEST(ProblemTest, InternalErrorsHideTheirMessage) {
  const HttpResponse r =
      error_response(Error{ErrorCode::kInternal, "SELECT * FROM secrets failed"}, "t");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
}

}  // namespace
}  // namespace smecredit::api

#include "api/router.h"

#include <gtest/gtest.h>

namespace smecredit::api {
namespace {

HttpResponse ok(const HttpRequest&) {
  return HttpResponse{};
}

TEST(RouterTest, MatchesTemplatesAndExtractsParameters) {
  Router router;
  router.add(Method::kGet, "/v1/loans/{id}", {"getLoan", "", "loans", "{}"}, ok);
  router.add(Method::kGet, "/v1/loans/{id}/schedule", {"getSchedule", "", "loans", "{}"}, ok);
  const RouteMatch m = router.match(Method::kGet, "/v1/loans/L42/schedule");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->path_template, "/v1/loans/{id}/schedule");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "L42");
}

TEST(RouterTest, DistinguishesNotFoundFromMethodNotAllowed) {
  Router router;
  router.add(Method::kGet, "/healthz", {"getHealth", "", "meta", "{}"}, ok);
  EXPECT_EQ(router.match(Method::kGet, "/nope").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.match(Method::kGet, "/healthz/extra").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.match(Method::kGet, "").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.match(Method::kGet, "healthz").kind, RouteMatch::Kind::kNotFound);
  const RouteMatch m = router.match(Method::kPost, "/healthz");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  ASSERT_EQ(m.allowed.size(), 1u);
  EXPECT_EQ(m.allowed[0], Method::kGet);
}

TEST(RouterTest, EmptyParameterSegmentDoesNotMatch) {
  Router router;
  router.add(Method::kGet, "/v1/loans/{id}", {"getLoan", "", "loans", "{}"}, ok);
  EXPECT_EQ(router.match(Method::kGet, "/v1/loans/").kind, RouteMatch::Kind::kNotFound);
}

TEST(HttpRequestTest, ReadsQueryParameters) {
  HttpRequest request;
  request.query = "date=2024-01-31&limit=10&flag";
  EXPECT_EQ(request.query_param("date"), "2024-01-31");
  EXPECT_EQ(request.query_param("limit"), "10");
  EXPECT_EQ(request.query_param("flag"), "");
  EXPECT_EQ(request.query_param("missing"), "");
}

}  // namespace
}  // namespace smecredit::api

#include "api/openapi.h"

#include <gtest/gtest.h>

#include "api/json.h"

namespace smecredit::api {
namespace {

TEST(OpenApiTest, DescribesEveryRouteWithAProblemDefault) {
  Router router;
  router.add(Method::kGet, "/v1/loans/{id}",
             {"getLoan", "A loan", "loans", R"({"200":{"description":"The loan"}})"},
             [](const HttpRequest&) { return HttpResponse{}; });
  router.add(Method::kPost, "/v1/loans/{id}",
             {"postLoan", "Change a loan", "loans", R"({"200":{"description":"Done"}})"},
             [](const HttpRequest&) { return HttpResponse{}; });
  add_openapi_route(router, "1.2.3");
  const std::string text = build_openapi_document(router, "1.2.3");
  auto doc = parse_json_object(text);
  ASSERT_TRUE(doc.ok()) << doc.error().to_string();
  const auto& d = doc.value();
  EXPECT_STREQ(d["openapi"].GetString(), "3.1.0");
  EXPECT_STREQ(d["info"]["version"].GetString(), "1.2.3");
  const auto& loan = d["paths"]["/v1/loans/{id}"];
  EXPECT_STREQ(loan["get"]["operationId"].GetString(), "getLoan");
  EXPECT_STREQ(loan["post"]["operationId"].GetString(), "postLoan");
  EXPECT_STREQ(
      loan["get"]["responses"]["default"]["content"]["application/problem+json"]["schema"]["$ref"]
          .GetString(),
      "#/components/schemas/Problem");
  EXPECT_TRUE(d["paths"].HasMember("/openapi.json"));
  EXPECT_TRUE(d["components"]["schemas"].HasMember("Problem"));
}

TEST(OpenApiTest, RouteServesTheSameDocument) {
  Router router;
  add_openapi_route(router, "9.9.9");
  const RouteMatch m = router.match(Method::kGet, "/openapi.json");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  const HttpResponse r = m.route->handler(HttpRequest{});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, build_openapi_document(router, "9.9.9"));
}

}  // namespace
}  // namespace smecredit::api

#include "api/static_site.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "api/router.h"

namespace smecredit::api {
namespace {

namespace fs = std::filesystem;

class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("static-site-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "site" / "assets");
    write("site/index.html", "<!doctype html><title>console</title>");
    write("site/assets/index-3f2a.js", "console.log(1)");
    write("site/favicon.svg", "<svg/>");
    write("secret.txt", "outside the site");
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& relative, const std::string& text) {
    std::ofstream(root_ / relative, std::ios::binary) << text;
  }
  std::string site() const { return (root_ / "site").string(); }

  static HttpRequest get(std::string path) {
    HttpRequest r;
    r.path = std::move(path);
    return r;
  }
  static std::string header(const HttpResponse& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  fs::path root_;
};

TEST_F(StaticSiteTest, ServesFilesWithTheirTypesAndCaching) {
  auto loaded = StaticSite::load(site());
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  const StaticSite& s = loaded.value();
  EXPECT_EQ(s.file_count(), 3u);

  const HttpResponse index = s.serve(get("/"));
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index.body, "<!doctype html><title>console</title>");
  EXPECT_EQ(header(index, "Cache-Control"), "no-cache");
  EXPECT_NE(header(index, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(header(index, "X-Content-Type-Options"), "nosniff");

  const HttpResponse script = s.serve(get("/assets/index-3f2a.js"));
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(header(script, "Cache-Control").find("immutable"), std::string::npos);
}

TEST_F(StaticSiteTest, AnswersNotModifiedToAMatchingETag) {
  const StaticSite s = StaticSite::load(site()).value();
  const HttpResponse first = s.serve(get("/favicon.svg"));
  const std::string etag = header(first, "ETag");
  ASSERT_EQ(etag.size(), 34u);
  HttpRequest again = get("/favicon.svg");
  again.headers.emplace_back("if-none-match", etag);
  const HttpResponse second = s.serve(again);
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.body.empty());
}

TEST_F(StaticSiteTest, ApplicationRoutesGetTheIndexAndMissingFilesAre404) {
  const StaticSite s = StaticSite::load(site()).value();
  EXPECT_EQ(s.serve(get("/officer/queue")).body, "<!doctype html><title>console</title>");
  EXPECT_EQ(s.serve(get("/assets/missing.js")).status, 404);
}

TEST_F(StaticSiteTest, NoPathReachesOutsideTheDirectory) {
  const StaticSite s = StaticSite::load(site()).value();
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                           "/..%2fsecret.txt", "//secret.txt", "/secret.txt"}) {
    const HttpResponse r = s.serve(get(path));
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("outside the site"), std::string::npos) << path;
  }
}

TEST_F(StaticSiteTest, SkipsSymlinksAtLoad) {
  fs::create_symlink(root_ / "secret.txt", root_ / "site" / "link.txt");
  const StaticSite s = StaticSite::load(site()).value();
  EXPECT_EQ(s.serve(get("/link.txt")).status, 404);
}

TEST_F(StaticSiteTest, RefusesADirectoryWithoutAnIndexOrBeyondTheLimits) {
  fs::remove(root_ / "site" / "index.html");
  auto no_index = StaticSite::load(site());
  ASSERT_FALSE(no_index.ok());
  EXPECT_EQ(no_index.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(StaticSite::load((root_ / "absent").string()).ok());

  write("site/index.html", "<!doctype html>");
  auto too_many = StaticSite::load(site(), {.max_files = 2, .max_total_bytes = 1 << 20});
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, ErrorCode::kOutOfRange);
}

TEST(SiteFallbackTest, ServesOnlyGetsOutsideTheApi) {
  Router router;
  router.add(Method::kGet, "/healthz", {"getHealth", "", "meta", "{}"},
             [](const HttpRequest&) { return HttpResponse{}; });
  router.set_site_fallback([](const HttpRequest&) { return HttpResponse{}; });
  EXPECT_EQ(router.match(Method::kGet, "/").kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(router.match(Method::kGet, "/borrower/loans").kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(router.match(Method::kGet, "/v1/nope").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.match(Method::kGet, "/openapi.json").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.match(Method::kPost, "/borrower").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.match(Method::kGet, "/healthz").route->path_template, "/healthz");
  EXPECT_TRUE(router.routes().size() == 1u);
}

TEST(ContentTypeTest, KnowsTheConsoleFileTypes) {
  EXPECT_EQ(content_type_for("/a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("/a.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("/a.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace smecredit::api

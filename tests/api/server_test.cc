#include "api/server.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <future>
#include <stdexcept>
#include <thread>

#include "api/health_routes.h"
#include "api/http_client.h"
#include "api/json.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/raw_connection.h"
#include "tests/support/temp_dir.h"

namespace smecredit::api {
namespace {

using namespace std::chrono_literals;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::SqliteStore::open({.path = dir_.file("s.db")}).value();
    log_ = std::tmpfile();
    logger_ = std::make_unique<Logger>(log_, clock_, LogLevel::kInfo);
    add_health_routes(router_, *store_, metrics_);
    router_.add(Method::kPost, "/echo", {"postEcho", "", "test", "{}"}, [](const HttpRequest& r) {
      return HttpResponse{200, "text/plain", std::to_string(r.body.size()), {}};
    });
    router_.add(Method::kGet, "/slow", {"getSlow", "", "test", "{}"}, [this](const HttpRequest&) {
      slow_started_.set_value();
      std::this_thread::sleep_for(400ms);
      return HttpResponse{200, "text/plain", "done", {}};
    });
    router_.add(
        Method::kGet, "/throws", {"getThrows", "", "test", "{}"},
        [](const HttpRequest&) -> HttpResponse { throw std::logic_error("secret internals"); });
    options_.port = 0;
    options_.threads = 2;
    options_.body_limit_bytes = 64 * 1024;
    options_.header_limit_bytes = 8 * 1024;
    options_.shutdown_deadline_ms = 5000;
  }

  void TearDown() override {
    server_.reset();
    std::fclose(log_);
  }

  void start() {
    server_ = std::make_unique<Server>(options_, router_, metrics_, *logger_);
    ASSERT_TRUE(server_->start().ok());
  }

  std::string log_text() {
    std::fflush(log_);
    std::rewind(log_);
    std::string out;
    char buffer[4096];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, log_)) > 0) out.append(buffer, n);
    return out;
  }

  HttpClient client() { return HttpClient("127.0.0.1", server_->port(), 5000); }

  testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  ManualClock clock_{Timestamp{std::chrono::seconds{1'700'000'000}}};
  std::FILE* log_ = nullptr;
  std::unique_ptr<Logger> logger_;
  Metrics metrics_;
  Router router_;
  ServerOptions options_;
  std::promise<void> slow_started_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, ServesHealthAndReadiness) {
  start();
  HttpClient c = client();
  auto health = c.request(Method::kGet, "/healthz");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health.value().status, 200);
  EXPECT_EQ(health.value().body, R"({"status":"ok"})");
  EXPECT_FALSE(health.value().header("x-request-id").empty());
  auto ready = c.request(Method::kGet, "/readyz");
  ASSERT_TRUE(ready.ok());
  EXPECT_EQ(ready.value().status, 200);
}

TEST_F(ServerTest, MetricsCountRequests) {
  start();
  HttpClient c = client();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c.request(Method::kGet, "/healthz").value().status, 200);
  ASSERT_EQ(c.request(Method::kGet, "/missing").value().status, 404);
  const auto metrics = c.request(Method::kGet, "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_NE(
      metrics.value().body.find(
          "smecredit_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 3"),
      std::string::npos)
      << metrics.value().body;
  EXPECT_NE(metrics.value().body.find(
                "smecredit_http_requests_total{route=\"(none)\",method=\"GET\",status=\"404\"} 1"),
            std::string::npos);
}

TEST_F(ServerTest, UnknownRouteIsProblemJson404) {
  start();
  auto r = client().request(Method::kGet, "/v1/nothing-here");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().status, 404);
  EXPECT_EQ(r.value().header("content-type"), "application/problem+json");
  auto doc = parse_json_object(r.value().body);
  ASSERT_TRUE(doc.ok());
  EXPECT_STREQ(doc.value()["code"].GetString(), "not_found");
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  start();
  auto r = client().request(Method::kDelete, "/healthz");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().status, 405);
  EXPECT_EQ(r.value().header("allow"), "GET");
}

TEST_F(ServerTest, MalformedHttpIs400) {
  start();
  testing::RawConnection raw(server_->port());
  ASSERT_TRUE(raw.connected());
  ASSERT_TRUE(raw.send("GARBAGE NONSENSE\r\n\r\n"));
  const std::string response = raw.read_all();
  EXPECT_EQ(response.rfind("HTTP/1.1 400", 0), 0u) << response;
  EXPECT_NE(response.find("application/problem+json"), std::string::npos);
  EXPECT_NE(response.find("\"code\":\"malformed_request\""), std::string::npos);
}

TEST_F(ServerTest, OversizedBodyIs413BeforeTheBodyIsRead) {
  start();
  testing::RawConnection raw(server_->port());
  ASSERT_TRUE(raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n"));
  const std::string response = raw.read_all();
  EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response;
  EXPECT_NE(response.find("\"code\":\"payload_too_large\""), std::string::npos);
}

TEST_F(ServerTest, OversizedChunkedBodyIs413) {
  start();
  testing::RawConnection raw(server_->port());
  ASSERT_TRUE(raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk(16 * 1024, 'a');
  char header[16];
  std::snprintf(header, sizeof header, "%zx\r\n", chunk.size());
  for (int i = 0; i < 8; ++i) {
    if (!raw.send(std::string(header) + chunk + "\r\n")) break;  // server may close early
  }
  const std::string response = raw.read_all();
  EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response;
}

TEST_F(ServerTest, BodyWithinTheLimitIsDelivered) {
  start();
  auto r = client().request(Method::kPost, "/echo", std::string(60 * 1024, 'x'));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().status, 200);
  EXPECT_EQ(r.value().body, std::to_string(60 * 1024));
}

TEST_F(ServerTest, OversizedHeadersAre431) {
  start();
  testing::RawConnection raw(server_->port());
  ASSERT_TRUE(raw.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(16 * 1024, 'a') +
                       "\r\n\r\n"));
  const std::string response = raw.read_all();
  EXPECT_EQ(response.rfind("HTTP/1.1 431", 0), 0u) << response.substr(0, 200);
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  start();
  testing::RawConnection raw(server_->port());
  std::string two =
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_TRUE(raw.send(two));
  std::string response = raw.read_until("ok\"}", 3000ms);
  response += raw.read_until("ok\"}", 3000ms);
  size_t count = 0;
  for (size_t pos = 0; (pos = response.find("HTTP/1.1 200", pos)) != std::string::npos; ++pos) {
    ++count;
  }
  EXPECT_EQ(count, 2u) << response;
}

TEST_F(ServerTest, HandlerExceptionIs500WithoutInternals) {
  start();
  auto r = client().request(Method::kGet, "/throws");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().status, 500);
  EXPECT_EQ(r.value().body.find("secret internals"), std::string::npos);
}

TEST_F(ServerTest, AccessLogHasOneJsonLinePerRequestWithoutTheQuery) {
  start();
  HttpClient c = client();
  ASSERT_TRUE(
      c.request(Method::kGet, "/healthz?phone=13812345678", {}, {{"X-Request-Id", "trace-abc"}})
          .ok());
  server_->shutdown();
  server_->wait();
  const std::string log = log_text();
  EXPECT_NE(log.find("\"trace_id\":\"trace-abc\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"route\":\"/healthz\""), std::string::npos);
  EXPECT_NE(log.find("\"status\":200"), std::string::npos);
  EXPECT_NE(log.find("\"duration_us\":"), std::string::npos);
  EXPECT_EQ(log.find("13812345678"), std::string::npos);
  auto line = parse_json_object(log.substr(0, log.find('\n')));
  EXPECT_TRUE(line.ok()) << log;
}

TEST_F(ServerTest, ShutdownLetsAnInFlightRequestFinish) {
  start();
  auto future = std::async(std::launch::async, [port = server_->port()] {
    HttpClient c("127.0.0.1", port, 5000);
    return c.request(Method::kGet, "/slow");
  });
  slow_started_.get_future().wait();
  server_->shutdown();
  const auto response = future.get();
  ASSERT_TRUE(response.ok()) << response.error().to_string();
  EXPECT_EQ(response.value().status, 200);
  EXPECT_EQ(response.value().body, "done");
  EXPECT_EQ(response.value().header("connection"), "close");
  server_->wait();
  EXPECT_FALSE(
      HttpClient("127.0.0.1", server_->port(), 500).request(Method::kGet, "/healthz").ok());
}

TEST_F(ServerTest, ShutdownClosesIdleKeepAliveConnectionsPromptly) {
  start();
  HttpClient idle = client();
  ASSERT_TRUE(idle.request(Method::kGet, "/healthz").ok());
  const auto before = std::chrono::steady_clock::now();
  server_->shutdown();
  server_->wait();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
}

}  // namespace
}  // namespace smecredit::api

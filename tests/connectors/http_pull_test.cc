// The provider simulator as a child process, pulled over HTTP with consent
// through injected faults (503s, malformed bodies, slow answers, 429s).
#include "connectors/http_pull.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "cli/system_clock.h"
#include "connectors/consent/consent_token.h"
#include "connectors/pull_service.h"
#include "connectors/world/world.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/child_process.h"
#include "tests/support/store_count.h"
#include "tests/support/temp_dir.h"

namespace smecredit::connectors {
namespace {

using namespace std::chrono_literals;

constexpr const char* kApiKey = "test-api-key";
constexpr const char* kSecret = "test-consent-secret";

class Provider {
 public:
  Provider(testing::TempDir& dir, const std::vector<std::string>& fault_flags) {
    std::vector<std::string> argv = {
        SMECREDIT_BINARY, "provider", "serve",     "--world", dir.file("world"),
        "--port",         "0",        "--threads", "2"};
    argv.insert(argv.end(), fault_flags.begin(), fault_flags.end());
    const std::string tag = std::to_string(++count_);
    process_ = std::make_unique<testing::ChildProcess>(
        argv, dir.file("provider-out" + tag + ".log"), dir.file("provider-err" + tag + ".log"),
        std::vector<std::string>{std::string("SMECREDIT_PROVIDER_API_KEY=") + kApiKey,
                                 std::string("SMECREDIT_PROVIDER_CONSENT_SECRET=") + kSecret});
    if (!process_->wait_for_stderr("serving on", 30s)) return;
    const std::string err = process_->stderr_text();
    const std::string prefix = "http://127.0.0.1:";
    port_ = static_cast<uint16_t>(std::stoi(err.substr(err.find(prefix) + prefix.size())));
  }
  uint16_t port() const { return port_; }
  std::string log() const { return process_->stderr_text(); }

 private:
  static inline int count_ = 0;
  std::unique_ptr<testing::ChildProcess> process_;
  uint16_t port_ = 0;
};

class HttpPullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world::WorldOptions options;
    options.enterprises = 80;
    options.months = 14;
    options.out_dir = dir_.file("world");
    ASSERT_TRUE(world::generate_world(options).ok());
    store_ = store::SqliteStore::open({.path = dir_.file("s.db")}).value();
    ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations(), clock_.now()).ok());
  }

  int64_t now_unix() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch())
        .count();
  }

  std::string token(const std::string& enterprise, std::vector<std::string> scopes,
                    int64_t ttl_seconds = 3600) const {
    return mint_consent_token(kSecret, {enterprise, std::move(scopes), "credit_assessment",
                                        now_unix() + ttl_seconds})
        .value();
  }

  HttpPullOptions options(uint16_t port) const {
    HttpPullOptions o;
    o.port = port;
    o.api_key = kApiKey;
    o.timeout_ms = 700;
    o.max_attempts = 10;
    o.backoff_base_ms = 10;
    o.backoff_max_ms = 1200;
    o.breaker_failures = 50;
    return o;
  }

  int64_t count(const std::string& sql) { return smecredit::testing::count_rows(*store_, sql); }

  testing::TempDir dir_;
  cli::SystemClock clock_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(HttpPullTest, PullsEverySectionWithConsentThroughInjectedFaults) {
  Provider provider(dir_, {"--error-bp", "2500", "--malformed-bp", "1500", "--slow-bp", "500",
                           "--slow-ms", "1500", "--fault-seed", "7"});
  ASSERT_NE(provider.port(), 0) << provider.log();
  HttpPullConnector connector(options(provider.port()));
  PullService service(*store_, connector, clock_);
  const std::vector<std::string> sections(std::begin(kConsentScopes), std::end(kConsentScopes));
  int retried = 0;
  for (const char* enterprise : {"E0000001", "E0000002", "E0000003"}) {
    ASSERT_TRUE(service
                    .record_consent({enterprise, sections, "credit_assessment",
                                     token(enterprise, sections), clock_.now() + 1h})
                    .ok());
    for (const std::string& section : sections) {
      const auto pulled = service.pull({"test:http", enterprise, section, "credit_assessment"});
      ASSERT_TRUE(pulled.ok()) << enterprise << "/" << section << ": "
                               << pulled.error().to_string();
      retried += pulled.value().attempts > 1;
    }
  }
  EXPECT_GT(retried, 0) << "the faults were never exercised";
  EXPECT_EQ(count("SELECT COUNT(*) FROM enterprise_data"), 21);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls WHERE outcome = 'applied' AND attempts >= 1"),
            21);
  EXPECT_EQ(provider.log().find(kApiKey), std::string::npos);
}

TEST_F(HttpPullTest, ProviderRefusalsAreNotRetried) {
  Provider provider(dir_, {});
  ASSERT_NE(provider.port(), 0) << provider.log();
  HttpPullOptions wrong_key = options(provider.port());
  wrong_key.api_key = "wrong";
  HttpPullConnector bad_key(wrong_key);
  const auto unauthenticated = bad_key.fetch({"E0000001", "tax", token("E0000001", {"tax"})});
  ASSERT_FALSE(unauthenticated.ok());
  EXPECT_EQ(unauthenticated.error().code, ErrorCode::kUnauthenticated);

  HttpPullConnector connector(options(provider.port()));
  EXPECT_EQ(connector.fetch({"E0000001", "judicial", token("E0000001", {"tax"})}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(connector.fetch({"E0000002", "tax", token("E0000001", {"tax"})}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(connector.fetch({"E0000001", "tax", token("E0000001", {"tax"}, -10)}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(connector.fetch({"E9999999", "tax", token("E9999999", {"tax"})}).error().code,
            ErrorCode::kNotFound);
  EXPECT_FALSE(connector.breaker().is_open());
  const auto ok = connector.fetch({"E0000001", "tax", token("E0000001", {"tax"})});
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(ok.value().attempts, 1);
}

TEST_F(HttpPullTest, RateLimitedPullsWaitAndSucceed) {
  Provider provider(dir_, {"--rate-limit", "2"});
  ASSERT_NE(provider.port(), 0) << provider.log();
  HttpPullConnector connector(options(provider.port()));
  int retried = 0;
  for (int i = 0; i < 6; ++i) {
    const auto pulled = connector.fetch({"E0000004", "flows", token("E0000004", {"flows"})});
    ASSERT_TRUE(pulled.ok()) << pulled.error().to_string();
    retried += pulled.value().attempts > 1;
  }
  EXPECT_GT(retried, 0);
}

TEST_F(HttpPullTest, CircuitOpensWhenTheProviderIsDownAndFailsFast) {
  HttpPullOptions o = options(1);  // nothing listens on port 1
  o.max_attempts = 2;
  o.breaker_failures = 2;
  o.breaker_open_ms = 60'000;
  HttpPullConnector connector(o);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(connector.fetch({"E0000001", "tax", "t"}).error().code, ErrorCode::kUnavailable);
  }
  EXPECT_TRUE(connector.breaker().is_open());
  const auto began = std::chrono::steady_clock::now();
  const auto fast = connector.fetch({"E0000001", "tax", "t"});
  EXPECT_LT(std::chrono::steady_clock::now() - began, 50ms);
  ASSERT_FALSE(fast.ok());
  EXPECT_NE(fast.error().message.find("circuit open"), std::string::npos);
}

TEST(CircuitBreakerTest, HalfOpenLetsOneTrialThrough) {
  CircuitBreaker breaker(1, 20);
  breaker.record_failure();
  EXPECT_FALSE(breaker.allow());
  std::this_thread::sleep_for(30ms);
  EXPECT_TRUE(breaker.allow());
  EXPECT_FALSE(breaker.allow());
  breaker.record_success();
  EXPECT_TRUE(breaker.allow());
  EXPECT_FALSE(breaker.is_open());
}

}  // namespace
}  // namespace smecredit::connectors

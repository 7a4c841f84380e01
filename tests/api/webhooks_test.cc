#include "api/webhooks.h"

#include <gtest/gtest.h>

#include <mutex>

#include "api/log.h"
#include "api/metrics.h"
#include "api/server.h"
#include "store/migrations.h"
#include "store/outbox.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/temp_dir.h"

namespace smecredit::api {
namespace {

using namespace std::chrono_literals;

const Timestamp kNow = Timestamp{std::chrono::seconds{1'795'000'000}};

// A partner's endpoint: records what arrives; answers 503 while `failing`.
class Receiver {
 public:
  Receiver() : logger_(std::tmpfile(), clock_, LogLevel::kError) {
    router_.add(Method::kPost, "/hooks", {"hooks", "", "test", "{}"}, [this](const HttpRequest& r) {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (failing_) return HttpResponse{503, "text/plain", "down", {}};
      received_.push_back({std::string(r.header("x-smecredit-event-id")),
                           std::string(r.header("x-smecredit-timestamp")),
                           std::string(r.header("x-smecredit-signature")), r.body});
      return HttpResponse{204, "text/plain", "", {}};
    });
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    server_ = std::make_unique<Server>(options, router_, metrics_, logger_);
    EXPECT_TRUE(server_->start().ok());
  }
  ~Receiver() {
    server_->shutdown();
    server_->wait();
  }

  struct Delivery {
    std::string event_id, timestamp, signature, body;
  };
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/hooks";
  }
  void set_failing(bool failing) {
    const std::lock_guard<std::mutex> lock(mutex_);
    failing_ = failing;
  }
  std::vector<Delivery> received() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

 private:
  ManualClock clock_{kNow};
  Logger logger_;
  Metrics metrics_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::mutex mutex_;
  bool failing_ = false;
  std::vector<Delivery> received_;
};

class WebhooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::SqliteStore::open({.path = dir_.file("s.db")}).value();
    ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations(), kNow).ok());
  }

  void append(const std::string& type) {
    ASSERT_TRUE(store_
                    ->transact(store::TxMode::kReadWrite,
                               [&](store::Transaction& tx) -> Status {
                                 return store::append_event(
                                     tx, {"application", "app_1", type, R"({"stage":"x"})"}, kNow);
                               })
                    .ok());
  }

  testing::TempDir dir_;
  ManualClock clock_{kNow};
  std::unique_ptr<store::Store> store_;
  security::DataSealer sealer_ = security::DataSealer::random();
  Receiver receiver_;
};

TEST_F(WebhooksTest, EventsArriveInOrderSignedWithTheSubscriptionsSecret) {
  const auto created =
      create_webhook(*store_, sealer_, "key:admin", receiver_.url(), "application.", kNow);
  ASSERT_TRUE(created.ok()) << created.error().to_string();
  EXPECT_EQ(created.value().secret.size(), 64u);
  append("application.submitted");
  append("loan.created");
  append("application.offered");
  WebhookDispatcher dispatcher(*store_, sealer_, clock_, {});
  ASSERT_EQ(dispatcher.deliver_due().value(), 2);
  const auto received = receiver_.received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_NE(received[0].body.find("application.submitted"), std::string::npos);
  EXPECT_NE(received[1].body.find("application.offered"), std::string::npos);
  for (const auto& d : received) {
    EXPECT_EQ(d.signature, webhook_signature(created.value().secret, d.timestamp, d.body));
    EXPECT_NE(d.signature, webhook_signature("another secret", d.timestamp, d.body));
  }
  EXPECT_EQ(dispatcher.deliver_due().value(), 0) << "nothing is delivered twice";
}

TEST_F(WebhooksTest, AFailingEndpointIsRetriedWithBackoffAndMissesNothing) {
  ASSERT_TRUE(create_webhook(*store_, sealer_, "key:admin", receiver_.url(), "", kNow).ok());
  append("application.submitted");
  append("application.offered");
  receiver_.set_failing(true);
  WebhookDispatcher dispatcher(*store_, sealer_, clock_, {});
  EXPECT_EQ(dispatcher.deliver_due().value(), 0);
  receiver_.set_failing(false);
  EXPECT_EQ(dispatcher.deliver_due().value(), 0) << "not due before the backoff";
  clock_.advance(1s);
  EXPECT_EQ(dispatcher.deliver_due().value(), 3);  // webhook.created too (prefix "")
  const auto received = receiver_.received();
  ASSERT_EQ(received.size(), 3u);
  EXPECT_LT(std::stoll(received[0].event_id), std::stoll(received[1].event_id));
  EXPECT_LT(std::stoll(received[1].event_id), std::stoll(received[2].event_id));
}

TEST_F(WebhooksTest, OnlyHttpUrlsAreAccepted) {
  EXPECT_EQ(create_webhook(*store_, sealer_, "key:admin", "ftp://x", "", kNow).error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace smecredit::api

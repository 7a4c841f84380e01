// Webhooks: the events feed pushed to partners' systems.
//
// A subscription (created by an admin for a partner's endpoint) has a URL, an
// event-type prefix ("application." for the application events, "" for all),
// its own cursor into the events table and a signing secret, generated here,
// shown once and stored sealed with the personal-data key. The dispatcher
// delivers each subscription's events in order, one POST per event:
//
//   POST <url>   body: the event as in GET /v1/events
//   X-Smecredit-Event-Id: 42
//   X-Smecredit-Timestamp: 1795000000            (Unix seconds)
//   X-Smecredit-Signature: v1=<hex HMAC-SHA-256(secret, timestamp + "." + body)>
//
// A 2xx moves the cursor past the event. Anything else (a network error, a
// timeout, another status) stops that subscription's pass and schedules the
// next attempt after an exponential backoff (1 s, 2 s, 4 s, … capped at an
// hour), so delivery is at least once and in order; a receiver dedups by
// event id. Every attempt is logged in webhook_deliveries.
//
// Example:
//   WebhookDispatcher webhooks(store, sealer, clock, {});
//   webhooks.start();       // a thread; or call deliver_due() yourself
//
// Thread-safety: deliver_due() must not run concurrently with itself (the
// thread started by start() is the only caller in serve).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "api/gate.h"
#include "core/clock.h"
#include "security/sealed.h"
#include "store/store.h"

namespace smecredit::api {

struct WebhookOptions {
  std::chrono::milliseconds poll_interval{500};
  int timeout_ms = 5000;      // per delivery: connect, write and read
  int64_t batch_limit = 100;  // events per subscription per pass
  std::chrono::seconds backoff_base{1};
  std::chrono::seconds backoff_max{3600};
};

// "v1=" + hex HMAC-SHA-256(secret, timestamp + "." + body).
std::string webhook_signature(std::string_view secret, std::string_view timestamp,
                              std::string_view body);

struct NewSubscription {
  int64_t id = 0;
  std::string secret;  // 64 hex digits; shown once
};

// kInvalidArgument unless `url` is http://HOST[:PORT][/PATH].
Result<NewSubscription> create_webhook(store::Store& store, const security::DataSealer& sealer,
                                       std::string_view owner, std::string_view url,
                                       std::string_view event_prefix, Timestamp now);

class WebhookDispatcher {
 public:
  // Everything is borrowed and must outlive the dispatcher.
  WebhookDispatcher(store::Store& store, const security::DataSealer& sealer, const Clock& clock,
                    WebhookOptions options);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  void start();
  // One pass over the subscriptions that are due; the events delivered.
  Result<int64_t> deliver_due();

 private:
  struct Subscription;
  Result<int64_t> deliver(const Subscription& subscription);
  Status record(const Subscription& subscription, int64_t event_id, int status,
                const std::string& error, bool delivered);

  store::Store& store_;
  const security::DataSealer& sealer_;
  const Clock& clock_;
  const WebhookOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// POST /v1/webhooks {"url":…,"event_prefix":…} → 201 with the secret (once);
// GET /v1/webhooks; POST /v1/webhooks/{id}/revoke. Admins only.
void add_webhook_routes(Router& router, const Gate& gate, store::Store& store,
                        const security::DataSealer& sealer, const Clock& clock);

}  // namespace smecredit::api

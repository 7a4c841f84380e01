#include "api/webhooks.h"

#include <algorithm>
#include <memory>

#include "api/event_routes.h"
#include "api/http_client.h"
#include "api/json.h"
#include "api/problem.h"
#include "core/parse.h"
#include "security/digest.h"
#include "security/random.h"
#include "store/outbox.h"

namespace smecredit::api {

namespace {

constexpr std::string_view kSecretContext = "webhook-secret";
constexpr size_t kMaxPrefixBytes = 64;

int64_t unix_seconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string subscription_json(const store::Row& row) {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("id");
  w.Int64(row.integer(0));
  write_field(w, "url", row.text(1));
  write_field(w, "event_prefix", row.text(2));
  w.Key("cursor");
  w.Int64(row.integer(3));
  w.Key("failures");
  w.Int64(row.integer(4));
  write_field(w, "next_attempt_at", row.text(5));
  w.Key("revoked");
  w.Bool(!row.is_null(6));
  w.EndObject();
  return buffer.GetString();
}

}  // namespace

struct WebhookDispatcher::Subscription {
  int64_t id = 0;
  std::string url;
  std::string event_prefix;
  int64_t cursor = 0;
  int64_t failures = 0;
  std::string secret;
};

std::string webhook_signature(std::string_view secret, std::string_view timestamp,
                              std::string_view body) {
  std::string signed_text(timestamp);
  signed_text.append(".").append(body);
  return "v1=" + security::to_hex(security::hmac_sha256(secret, signed_text));
}

Result<NewSubscription> create_webhook(store::Store& store, const security::DataSealer& sealer,
                                       std::string_view owner, std::string_view url,
                                       std::string_view event_prefix, Timestamp now) {
  SC_ASSIGN_OR_RETURN(const HttpEndpoint endpoint, parse_http_url(url));
  (void)endpoint;
  if (event_prefix.size() > kMaxPrefixBytes) {
    return Error{ErrorCode::kInvalidArgument, "event_prefix: at most 64 bytes"};
  }
  NewSubscription created;
  const std::string random = security::random_bytes(32);
  created.secret =
      security::to_hex(std::span(reinterpret_cast<const uint8_t*>(random.data()), random.size()));
  const std::string now_text = format_timestamp(now);
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(
            store::Rows rows,
            tx.query(
                "INSERT INTO webhook_subscriptions (owner, url, secret_sealed, event_prefix,"
                " cursor, failures, next_attempt_at, created_at, revoked_at)"
                " VALUES (?, ?, ?, ?, 0, 0, ?, ?, NULL) RETURNING id",
                {std::string(owner), std::string(url), sealer.seal(created.secret, kSecretContext),
                 std::string(event_prefix), now_text, now_text}));
        if (rows.empty()) return Error{ErrorCode::kInternal, "INSERT returned no id"};
        created.id = rows[0].integer(0);
        const std::string after = R"({"id":)" + std::to_string(created.id) + "}";
        SC_RETURN_IF_ERROR(store::append_event(
            tx, {"webhook", std::to_string(created.id), "webhook.created", after}, now));
        return store::append_audit(tx,
                                   {std::string(owner), "webhook.create",
                                    "webhook:" + std::to_string(created.id), "", after},
                                   now);
      }));
  return created;
}

WebhookDispatcher::WebhookDispatcher(store::Store& store, const security::DataSealer& sealer,
                                     const Clock& clock, WebhookOptions options)
    : store_(store), sealer_(sealer), clock_(clock), options_(options) {}

WebhookDispatcher::~WebhookDispatcher() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookDispatcher::start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_; });
      if (stopping_) break;
      lock.unlock();
      (void)deliver_due();  // failures are recorded per subscription and retried
      lock.lock();
    }
  });
}

Result<int64_t> WebhookDispatcher::deliver_due() {
  std::vector<Subscription> due;
  const std::string now_text = format_timestamp(clock_.now());
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(store::Rows rows,
                            tx.query("SELECT id, url, event_prefix, cursor, failures, secret_sealed"
                                     " FROM webhook_subscriptions WHERE revoked_at IS NULL"
                                     " AND next_attempt_at <= ? ORDER BY id",
                                     {now_text}));
        for (const store::Row& row : rows) {
          SC_ASSIGN_OR_RETURN(std::string secret, sealer_.open(row.text(5), kSecretContext));
          due.push_back({row.integer(0), row.text(1), row.text(2), row.integer(3), row.integer(4),
                         std::move(secret)});
        }
        return ok_status();
      }));
  int64_t delivered = 0;
  for (const Subscription& subscription : due) {
    SC_ASSIGN_OR_RETURN(const int64_t n, deliver(subscription));
    delivered += n;
  }
  return delivered;
}

Result<int64_t> WebhookDispatcher::deliver(const Subscription& subscription) {
  store::Rows events;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(
            events,
            tx.query("SELECT " + std::string(kEventColumns) +
                         " FROM events WHERE id > ? AND substr(event_type, 1, ?) = ?"
                         " ORDER BY id LIMIT ?",
                     {subscription.cursor, static_cast<int64_t>(subscription.event_prefix.size()),
                      subscription.event_prefix, options_.batch_limit}));
        return ok_status();
      }));
  if (events.empty()) return int64_t{0};
  SC_ASSIGN_OR_RETURN(const HttpEndpoint endpoint, parse_http_url(subscription.url));
  HttpClient client(endpoint.host, endpoint.port, options_.timeout_ms);
  int64_t delivered = 0;
  for (const store::Row& event : events) {
    JsonBuffer buffer;
    JsonWriter w(buffer);
    write_event(w, event);
    const std::string body = buffer.GetString();
    const std::string timestamp = std::to_string(unix_seconds(clock_.now()));
    const Result<ClientResponse> answer = client.request(
        Method::kPost, endpoint.path, body,
        {{"Content-Type", "application/json"},
         {"X-Smecredit-Event-Id", std::to_string(event.integer(0))},
         {"X-Smecredit-Timestamp", timestamp},
         {"X-Smecredit-Signature", webhook_signature(subscription.secret, timestamp, body)}});
    const int status = answer.ok() ? answer.value().status : 0;
    const bool ok = status >= 200 && status < 300;
    const std::string error =
        ok ? "" : (answer.ok() ? "HTTP " + std::to_string(status) : answer.error().message);
    SC_RETURN_IF_ERROR(record(subscription, event.integer(0), status, error, ok));
    if (!ok) break;
    ++delivered;
  }
  return delivered;
}

Status WebhookDispatcher::record(const Subscription& subscription, int64_t event_id, int status,
                                 const std::string& error, bool delivered) {
  const Timestamp now = clock_.now();
  return store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
    SC_RETURN_IF_ERROR(tx.execute(
        "INSERT INTO webhook_deliveries (subscription_id, event_id, status, error, attempted_at)"
        " VALUES (?, ?, ?, ?, ?)",
        {subscription.id, event_id, int64_t{status}, error, format_timestamp(now)}));
    if (delivered) {
      SC_RETURN_IF_ERROR(tx.execute(
          "UPDATE webhook_subscriptions SET cursor = ?, failures = 0 WHERE id = ? AND cursor < ?",
          {event_id, subscription.id, event_id}));
      return ok_status();
    }
    // The failures so far in this run of failures, read back so that a pass
    // never resets the count it did not see.
    SC_ASSIGN_OR_RETURN(
        store::Rows rows,
        tx.query("SELECT failures FROM webhook_subscriptions WHERE id = ?", {subscription.id}));
    const int64_t failures = rows.empty() ? 0 : rows[0].integer(0);
    const auto backoff = std::min<std::chrono::seconds>(
        options_.backoff_max,
        options_.backoff_base * (int64_t{1} << std::min<int64_t>(failures, 20)));
    SC_RETURN_IF_ERROR(
        tx.execute("UPDATE webhook_subscriptions SET failures = failures + 1, next_attempt_at = ?"
                   " WHERE id = ?",
                   {format_timestamp(now + backoff), subscription.id}));
    return ok_status();
  });
}

void add_webhook_routes(Router& router, const Gate& gate, store::Store& store,
                        const security::DataSealer& sealer, const Clock& clock) {
  const RoleSet admins{Role::kAdmin};
  gate.add(
      router, Method::kPost, "/v1/webhooks",
      {"createWebhook", "Subscribe a partner's endpoint to the events (HMAC-signed POSTs)",
       "webhooks",
       R"json({"201":{"description":"The subscription and its signing secret (shown once)"}})json",
       R"json({"required":true,"content":{"application/json":{"example":{
              "url":"http://partner.example:9000/hooks","event_prefix":"application."}}}})json"},
      admins, [&store, &sealer, &clock](const HttpRequest& r, const Principal& p) {
        auto body = parse_json_object(r.body);
        if (!body.ok()) return error_response(body.error(), r.trace_id);
        auto url = required_string(body.value(), "url");
        if (!url.ok()) return error_response(url.error(), r.trace_id);
        auto prefix = optional_string(body.value(), "event_prefix");
        if (!prefix.ok()) return error_response(prefix.error(), r.trace_id);
        auto created =
            create_webhook(store, sealer, p.subject, url.value(), prefix.value(), clock.now());
        if (!created.ok()) return error_response(created.error(), r.trace_id);
        JsonBuffer buffer;
        JsonWriter w(buffer);
        w.StartObject();
        w.Key("id");
        w.Int64(created.value().id);
        write_field(w, "url", url.value());
        write_field(w, "event_prefix", prefix.value());
        write_field(w, "secret", created.value().secret);
        w.EndObject();
        return HttpResponse{201, "application/json", buffer.GetString(), {}};
      });
  gate.add(router, Method::kGet, "/v1/webhooks",
           {"listWebhooks", "Webhook subscriptions with their cursor and retry state", "webhooks",
            R"json({"200":{"description":"The subscriptions (no secrets)"}})json"},
           admins, [&store](const HttpRequest& r, const Principal&) {
             store::Rows rows;
             const Status read =
                 store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
                   SC_ASSIGN_OR_RETURN(
                       rows, tx.query("SELECT id, url, event_prefix, cursor, failures,"
                                      " next_attempt_at, revoked_at FROM webhook_subscriptions"
                                      " ORDER BY id LIMIT 500",
                                      {}));
                   return ok_status();
                 });
             if (!read.ok()) return error_response(read.error(), r.trace_id);
             std::string out = R"({"webhooks":[)";
             for (size_t i = 0; i < rows.size(); ++i) {
               out += (i == 0 ? "" : ",") + subscription_json(rows[i]);
             }
             return HttpResponse{200, "application/json", out + "]}", {}};
           });
  gate.add(
      router, Method::kPost, "/v1/webhooks/{id}/revoke",
      {"revokeWebhook", "Stop a subscription", "webhooks",
       R"json({"200":{"description":"Revoked (revoking again changes nothing)"}})json"},
      admins, [&store, &clock](const HttpRequest& r, const Principal& p) {
        auto id = parse_int64(r.path_param("id"), "id", 1, INT64_MAX);
        if (!id.ok()) return error_response(id.error(), r.trace_id);
        const Timestamp now = clock.now();
        const Status s =
            store.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
              SC_ASSIGN_OR_RETURN(int64_t changed,
                                  tx.execute("UPDATE webhook_subscriptions SET revoked_at = ?"
                                             " WHERE id = ? AND revoked_at IS NULL",
                                             {format_timestamp(now), id.value()}));
              if (changed == 0) return ok_status();
              const std::string subject = "webhook:" + std::to_string(id.value());
              SC_RETURN_IF_ERROR(store::append_event(
                  tx, {"webhook", std::to_string(id.value()), "webhook.revoked", "{}"}, now));
              return store::append_audit(tx, {p.subject, "webhook.revoke", subject, "", "{}"}, now);
            });
        if (!s.ok()) return error_response(s.error(), r.trace_id);
        return HttpResponse{200, "application/json", R"({"revoked":true})", {}};
      });
}

}  // namespace smecredit::api

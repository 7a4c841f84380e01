// The gate: authentication, roles and Idempotency-Key, against a real SQLite
// store.
#include "api/gate.h"

#include <gtest/gtest.h>

#include "../support/temp_dir.h"
#include "api/event_routes.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"

namespace smecredit::api {
namespace {

constexpr std::string_view kTokenKey = "0123456789abcdef0123456789abcdef";

class GateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::SqliteStore::open({.path = dir_.file("gate.db")}).value();
    ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations(), clock_.now()).ok());
    auth_ = std::make_unique<Authenticator>(*store_, std::string(kTokenKey), clock_);
    idempotency_ = std::make_unique<IdempotencyStore>(*store_, clock_);
    gate_ = std::make_unique<Gate>(*auth_, *idempotency_);
    gate_->add(router_, Method::kPost, "/v1/things", {"createThing", "", "test", "{}"},
               RoleSet{Role::kBorrower, Role::kAdmin},
               [this](const HttpRequest& request, const Principal& who) {
                 ++calls_;
                 if (request.body == "fail") return HttpResponse{503, "application/json", "{}", {}};
                 return HttpResponse{201,
                                     "application/json",
                                     "{\"n\":" + std::to_string(calls_) + ",\"by\":\"" +
                                         std::string(role_name(who.role)) + "\"}",
                                     {}};
               });
    add_event_routes(router_, *gate_, *store_);
  }

  HttpResponse call(Method method, const std::string& path, const std::string& credential,
                    const std::string& idempotency_key = "", const std::string& body = "{}") {
    HttpRequest request;
    request.method = method;
    const size_t q = path.find('?');
    request.path = path.substr(0, q);
    if (q != std::string::npos) request.query = path.substr(q + 1);
    request.body = body;
    if (!credential.empty()) request.headers.emplace_back("authorization", "Bearer " + credential);
    if (!idempotency_key.empty()) request.headers.emplace_back("idempotency-key", idempotency_key);
    const RouteMatch match = router_.match(method, request.path);
    EXPECT_EQ(match.kind, RouteMatch::Kind::kFound) << path;
    return match.route->handler(request);
  }

  std::string key_for(Role role) {
    return auth_->create_api_key(role, "test", role == Role::kPartner ? "p1" : "")
        .value()
        .credential;
  }

  std::string borrower_token() {
    return auth_->issue_borrower_token("u1", "E1", clock_.now() + std::chrono::hours(1));
  }

  std::string credential_for(Role role) {
    return role == Role::kBorrower ? borrower_token() : key_for(role);
  }

  smecredit::testing::TempDir dir_;
  ManualClock clock_{Timestamp{std::chrono::seconds{1'790'000'000}}};
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<IdempotencyStore> idempotency_;
  std::unique_ptr<Gate> gate_;
  Router router_;
  int calls_ = 0;
};

TEST_F(GateTest, MissingOrBadCredentialsGet401AndTheHandlerDoesNotRun) {
  EXPECT_EQ(call(Method::kPost, "/v1/things", "", "k1").status, 401);
  EXPECT_EQ(call(Method::kPost, "/v1/things", "sk_nope.nope", "k1").status, 401);
  EXPECT_EQ(call(Method::kPost, "/v1/things", "garbage", "k1").status, 401);
  const HttpResponse response = call(Method::kPost, "/v1/things", "", "k1");
  ASSERT_FALSE(response.headers.empty());
  EXPECT_EQ(response.headers[0].first, "WWW-Authenticate");
  EXPECT_EQ(calls_, 0);
}

TEST_F(GateTest, ApiKeysAuthenticateUntilRevoked) {
  const IssuedApiKey key = auth_->create_api_key(Role::kAdmin, "ops", "").value();
  EXPECT_EQ(call(Method::kPost, "/v1/things", key.credential, "k1").status, 201);
  ASSERT_TRUE(auth_->revoke_api_key(key.key_id).ok());
  EXPECT_EQ(call(Method::kPost, "/v1/things", key.credential, "k2").status, 401);
  EXPECT_FALSE(auth_->revoke_api_key(key.key_id).ok());
}

TEST_F(GateTest, AKeyWithTheWrongSecretIsRefused) {
  const IssuedApiKey key = auth_->create_api_key(Role::kAdmin, "ops", "").value();
  std::string forged = key.credential;
  forged.back() = forged.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(call(Method::kPost, "/v1/things", forged, "k1").status, 401);
}

TEST_F(GateTest, BorrowerTokensExpireAndCannotBeForged) {
  const std::string token = borrower_token();
  EXPECT_EQ(call(Method::kPost, "/v1/things", token, "k1").status, 201);
  std::string forged = token;
  forged[6] = forged[6] == 'A' ? 'B' : 'A';
  EXPECT_EQ(call(Method::kPost, "/v1/things", forged, "k2").status, 401);
  const std::string other_key = Authenticator::sign_borrower_token(
      "another key", "u1", "E1", clock_.now() + std::chrono::hours(1));
  EXPECT_EQ(call(Method::kPost, "/v1/things", other_key, "k3").status, 401);
  clock_.advance(std::chrono::hours(2));
  EXPECT_EQ(call(Method::kPost, "/v1/things", token, "k4").status, 401);
}

TEST_F(GateTest, RolesOutsideTheRouteGet403) {
  const HttpResponse response = call(Method::kPost, "/v1/things", key_for(Role::kOfficer), "k1");
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("officer"), std::string::npos);
  EXPECT_EQ(calls_, 0);
}

TEST_F(GateTest, PostWithoutIdempotencyKeyGets428) {
  EXPECT_EQ(call(Method::kPost, "/v1/things", key_for(Role::kAdmin)).status, 428);
  EXPECT_EQ(call(Method::kPost, "/v1/things", key_for(Role::kAdmin), std::string(256, 'k')).status,
            400);
  EXPECT_EQ(calls_, 0);
}

TEST_F(GateTest, ARetriedPostReturnsTheFirstResponseAndRunsOnce) {
  const std::string admin = key_for(Role::kAdmin);
  const HttpResponse first = call(Method::kPost, "/v1/things", admin, "retry-1");
  const HttpResponse again = call(Method::kPost, "/v1/things", admin, "retry-1");
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(calls_, 1);
  ASSERT_FALSE(again.headers.empty());
  EXPECT_EQ(again.headers[0].first, "Idempotent-Replayed");
  // Keys are per principal: another caller's same key is a new request.
  EXPECT_EQ(call(Method::kPost, "/v1/things", key_for(Role::kAdmin), "retry-1").status, 201);
  EXPECT_EQ(calls_, 2);
}

TEST_F(GateTest, TheSameKeyWithAnotherBodyIsRefused) {
  const std::string admin = key_for(Role::kAdmin);
  EXPECT_EQ(call(Method::kPost, "/v1/things", admin, "k", "{\"a\":1}").status, 201);
  const HttpResponse other = call(Method::kPost, "/v1/things", admin, "k", "{\"a\":2}");
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(calls_, 1);
}

TEST_F(GateTest, AServerErrorReleasesTheKeySoARetryRunsAgain) {
  const std::string admin = key_for(Role::kAdmin);
  EXPECT_EQ(call(Method::kPost, "/v1/things", admin, "k", "fail").status, 503);
  EXPECT_EQ(call(Method::kPost, "/v1/things", admin, "k", "fail").status, 503);
  EXPECT_EQ(calls_, 2);
}

TEST_F(GateTest, AnUnfinishedClaimBlocksUntilItsLeaseRunsOut) {
  ASSERT_TRUE(idempotency_->begin("key:x", "k", "hash").ok());
  EXPECT_EQ(idempotency_->begin("key:x", "k", "hash").error().code, ErrorCode::kConflict);
  clock_.advance(std::chrono::seconds(31));
  auto taken_over = idempotency_->begin("key:x", "k", "hash");
  ASSERT_TRUE(taken_over.ok());
  EXPECT_FALSE(taken_over.value().replay.has_value());
}

// Every gated route, every role: allowed roles get past the gate, the rest
// get 403.
TEST_F(GateTest, RouteByRoleMatrix) {
  for (const auto& route : router_.routes()) {
    for (const Role role : kAllRoles) {
      const bool allowed = std::find(route->doc.roles.begin(), route->doc.roles.end(),
                                     role_name(role)) != route->doc.roles.end();
      const std::string path = route->path_template;
      const HttpResponse response =
          call(route->method, path, credential_for(role), "matrix-" + std::string(role_name(role)));
      if (allowed) {
        EXPECT_NE(response.status, 401) << path << " " << role_name(role);
        EXPECT_NE(response.status, 403) << path << " " << role_name(role);
      } else {
        EXPECT_EQ(response.status, 403) << path << " " << role_name(role);
      }
    }
  }
}

TEST_F(GateTest, EventsArePagedWithACursor) {
  ASSERT_TRUE(store_
                  ->transact(store::TxMode::kReadWrite,
                             [](store::Transaction& tx) -> Status {
                               for (int i = 0; i < 5; ++i) {
                                 SC_RETURN_IF_ERROR(tx.execute(
                                     "INSERT INTO events (aggregate_type, aggregate_id, "
                                     "event_type, payload, occurred_at) VALUES ('loan', ?, "
                                     "'created', '{\"n\":1}', '2026-11-22T00:00:00.000000Z')",
                                     {std::to_string(i)}));
                               }
                               return ok_status();
                             })
                  .ok());
  const std::string auditor = key_for(Role::kAuditor);
  const HttpResponse first = call(Method::kGet, "/v1/events?limit=3", auditor);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_NE(first.body.find("\"next_cursor\":\"3\""), std::string::npos) << first.body;
  EXPECT_NE(first.body.find("\"payload\":{\"n\":1}"), std::string::npos) << first.body;
  const HttpResponse second = call(Method::kGet, "/v1/events?limit=3&after=3", auditor);
  EXPECT_EQ(second.body.find("next_cursor"), std::string::npos) << second.body;
  EXPECT_NE(second.body.find("\"aggregate_id\":\"4\""), std::string::npos);
  EXPECT_EQ(call(Method::kGet, "/v1/events?limit=501", auditor).status, 400);
  EXPECT_EQ(call(Method::kGet, "/v1/events?after=x", auditor).status, 400);
}

}  // namespace
}  // namespace smecredit::api

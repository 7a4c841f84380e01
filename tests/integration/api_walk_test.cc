// The /v1 API through the real binary over real HTTP: credentials from
// `smecredit keys create` and `smecredit token issue`, roles, Idempotency-Key,
// enterprise registration with masked personal data, products, the events
// feed and the audit trail.
#include <gtest/gtest.h>

#include "api/http_client.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace smecredit {
namespace {

using namespace std::chrono_literals;

constexpr const char* kTokenKey =
    "1111111111111111111111111111111111111111111111111111111111111111";
constexpr const char* kDataKey = "2222222222222222222222222222222222222222222222222222222222222222";

constexpr std::string_view kEnterprise = R"json({
  "uscc": "91350100M000100Y43", "name": "福州海鲜小店", "kind": "micro", "industry": "F",
  "region": "350100",
  "legal_rep": {"name": "张三", "id_number": "11010519491231002X", "phone": "13800138000"},
  "owners": [{"name": "张三", "id_number": "11010519491231002X", "share_percent": "100"}],
  "bank_account": "6222020200112233445"})json";

std::string json_string(const std::string& body, const std::string& key) {
  const std::string marker = "\"" + key + "\":\"";
  const size_t at = body.find(marker);
  if (at == std::string::npos) return "";
  const size_t start = at + marker.size();
  return body.substr(start, body.find('"', start) - start);
}

class ApiWalkTest : public ::testing::Test {
 protected:
  std::vector<std::string> env() const {
    return {std::string("SMECREDIT_SECURITY_TOKEN_KEY=") + kTokenKey,
            std::string("SMECREDIT_SECURITY_DATA_KEY=") + kDataKey,
            std::string("SMECREDIT_ORIGINATION_PRODUCTS_DIR=") + SMECREDIT_PRODUCTS_DIR};
  }

  // Runs a smecredit command to completion and returns its stdout.
  std::string run(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {SMECREDIT_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    const std::string out = dir_.file("cmd.out");
    testing::ChildProcess command(argv, out, dir_.file("cmd.err"), env());
    EXPECT_EQ(command.wait(30s), 0) << command.stderr_text();
    return command.stdout_text();
  }

  void start() {
    process_ = std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{SMECREDIT_BINARY, "serve", "--port", "0", "--db", db()},
        dir_.file("out.log"), dir_.file("err.log"), env());
    ASSERT_TRUE(process_->wait_for_stderr("serving on", 20s)) << process_->stderr_text();
    const std::string err = process_->stderr_text();
    const std::string prefix = "http://127.0.0.1:";
    port_ = static_cast<uint16_t>(std::stoi(err.substr(err.find(prefix) + prefix.size())));
  }

  api::ClientResponse call(api::Method method, const std::string& path,
                           const std::string& credential, const std::string& body = "",
                           const std::string& key = "") {
    api::HttpClient client("127.0.0.1", port_, 10'000);
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Authorization", "Bearer " + credential}, {"Content-Type", "application/json"}};
    if (!key.empty()) headers.emplace_back("Idempotency-Key", key);
    auto response = client.request(method, path, body, headers);
    EXPECT_TRUE(response.ok());
    return response.ok() ? response.value() : api::ClientResponse{};
  }

  std::string key(const char* role) {
    std::vector<std::string> args = {"keys",   "create", "--db",   db(),
                                     "--role", role,     "--name", role};
    if (std::string_view(role) == "partner") {
      args.insert(args.end(), {"--partner", "P1"});
    }
    return json_string(run(args), "credential");
  }

  std::string db() const { return dir_.file("var/smecredit.db"); }

  testing::TempDir dir_;
  std::unique_ptr<testing::ChildProcess> process_;
  uint16_t port_ = 0;
};

TEST_F(ApiWalkTest, CredentialsRolesIdempotencyAndMaskedEnterprises) {
  const std::string partner = key("partner");
  const std::string officer = key("officer");
  const std::string auditor = key("auditor");
  ASSERT_TRUE(partner.starts_with("sk_")) << partner;
  start();
  const std::string body(kEnterprise);

  EXPECT_EQ(call(api::Method::kPost, "/v1/enterprises", "", body, "k1").status, 401);
  EXPECT_EQ(call(api::Method::kPost, "/v1/enterprises", auditor, body, "k1").status, 403);
  EXPECT_EQ(call(api::Method::kPost, "/v1/enterprises", partner, body).status, 428);

  const api::ClientResponse created =
      call(api::Method::kPost, "/v1/enterprises", partner, body, "register-1");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_NE(created.body.find("\"phone\":\"138****8000\""), std::string::npos) << created.body;
  EXPECT_EQ(created.body.find("13800138000"), std::string::npos);
  EXPECT_NE(created.body.find("\"referred_by\":\"P1\""), std::string::npos);
  const std::string id = json_string(created.body, "id");

  const api::ClientResponse retried =
      call(api::Method::kPost, "/v1/enterprises", partner, body, "register-1");
  EXPECT_EQ(retried.status, 201);
  EXPECT_EQ(retried.body, created.body);
  EXPECT_EQ(retried.header("idempotent-replayed"), "true");
  EXPECT_EQ(call(api::Method::kPost, "/v1/enterprises", partner, body, "register-2").status, 409);

  const std::string borrower =
      json_string(run({"token", "issue", "--enterprise", id, "--subject", "u1"}), "token");
  const std::string stranger =
      json_string(run({"token", "issue", "--enterprise", "ent_other", "--subject", "u2"}), "token");
  EXPECT_EQ(call(api::Method::kGet, "/v1/enterprises/" + id, borrower).status, 200);
  EXPECT_EQ(call(api::Method::kGet, "/v1/enterprises/" + id, stranger).status, 403);
  EXPECT_EQ(call(api::Method::kGet, "/v1/enterprises/" + id, officer).status, 200);

  const api::ClientResponse products = call(api::Method::kGet, "/v1/products", borrower);
  EXPECT_NE(products.body.find("SME-CREDIT-12M"), std::string::npos) << products.body;
  EXPECT_NE(products.body.find("SME-PROPERTY-60M"), std::string::npos);

  const api::ClientResponse events = call(api::Method::kGet, "/v1/events", auditor);
  EXPECT_NE(events.body.find("enterprise.registered"), std::string::npos) << events.body;
  EXPECT_EQ(call(api::Method::kGet, "/v1/events", borrower).status, 403);

  const api::ClientResponse openapi = call(api::Method::kGet, "/openapi.json", "");
  for (const char* path : {"/v1/enterprises", "/v1/applications", "/v1/offers/{id}/accept",
                           "/v1/contracts/{id}/signatures", "/v1/loans/{id}/payoff",
                           "/v1/reviews/{id}/decision", "/v1/events"}) {
    EXPECT_NE(openapi.body.find(std::string("\"") + path + "\""), std::string::npos) << path;
  }
  process_->signal(SIGTERM);
  EXPECT_EQ(process_->wait(10s), 0);
}

}  // namespace
}  // namespace smecredit

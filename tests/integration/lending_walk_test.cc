// The whole lending path through the real binaries over real HTTP: the
// provider simulator serves a generated world, the bank simulator disburses
// (and delivers every callback twice), and the platform pulls data under
// the borrower's consent, builds the profile, runs a decision policy and
// walks each outcome — an approval to a disbursed loan repaid in full, the
// secured path with collateral and lien, a decline, a refer decided by two
// officers, applying without consent, and a retried POST.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "api/http_client.h"
#include "core/business_date.h"
#include "scf/log/signer.h"
#include "scf/merkle/hex.h"
#include "scf/voucher/operation_codec.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace smecredit {
namespace {

using namespace std::chrono_literals;
using api::Method;

constexpr const char* kTokenKey =
    "3333333333333333333333333333333333333333333333333333333333333333";
constexpr const char* kDataKey = "4444444444444444444444444444444444444444444444444444444444444444";
constexpr const char* kBankSecret =
    "5555555555555555555555555555555555555555555555555555555555555555";
constexpr const char* kProviderKey = "provider-api-key-for-the-walk";
constexpr const char* kConsentSecret = "consent-secret-shared-with-the-provider";

// The string at `path` (member names from the top) of a JSON body; empty
// when absent.
std::string json_field(const std::string& body, std::initializer_list<const char*> path) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  const rapidjson::Value* at = &doc;
  for (const char* name : path) {
    if (!at->IsObject() || !at->HasMember(name)) return "";
    at = &(*at)[name];
  }
  return at->IsString() ? at->GetString() : "";
}

std::string json_string(const std::string& body, const char* key) {
  return json_field(body, {key});
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

uint16_t port_after(const std::string& text, const std::string& prefix) {
  const size_t at = text.find(prefix);
  return at == std::string::npos
             ? 0
             : static_cast<uint16_t>(std::stoi(text.substr(at + prefix.size())));
}

class LendingWalkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    run({"world", "generate", "--enterprises", "40", "--months", "36", "--seed", "5", "--out",
         dir_.file("world")});
    provider_ = start({"provider", "serve", "--world", dir_.file("world"), "--port", "0"},
                      "provider", "provider serving on");
    const uint16_t provider_port = port_after(provider_->stderr_text(), "http://127.0.0.1:");
    bank_ = start(
        {"bank", "serve", "--port", "0", "--secret", kBankSecret, "--duplicate-percent", "100"},
        "bank", "bank simulator on");
    const uint16_t bank_port = port_after(bank_->stderr_text(), "http://127.0.0.1:");
    std::filesystem::create_directories(dir_.file("models"));
    env_ = {std::string("SMECREDIT_SECURITY_TOKEN_KEY=") + kTokenKey,
            std::string("SMECREDIT_SECURITY_DATA_KEY=") + kDataKey,
            std::string("SMECREDIT_ORIGINATION_PRODUCTS_DIR=") + SMECREDIT_PRODUCTS_DIR,
            "SMECREDIT_ORIGINATION_SECOND_OFFICER_THRESHOLD_FEN=30000000",
            "SMECREDIT_PROVIDER_URL=http://127.0.0.1:" + std::to_string(provider_port),
            std::string("SMECREDIT_PROVIDER_API_KEY=") + kProviderKey,
            std::string("SMECREDIT_PROVIDER_CONSENT_SECRET=") + kConsentSecret,
            std::string("SMECREDIT_DECISION_POLICY=") + SMECREDIT_WALK_POLICY,
            "SMECREDIT_DECISION_MODELS_DIR=" + dir_.file("models"),
            "SMECREDIT_BANK_URL=http://127.0.0.1:" + std::to_string(bank_port),
            std::string("SMECREDIT_BANK_SECRET=") + kBankSecret};
    admin_ = key("admin");
    officer_ = key("officer");
    second_officer_ = key("officer");
    server_ = start({"serve", "--port", "0", "--db", db()}, "server", "serving on");
    port_ = port_after(server_->stderr_text(), "http://127.0.0.1:");
    ASSERT_NE(port_, 0);
    usccs_ = usccs_with_recent_data();
    ASSERT_GE(usccs_.size(), 5u);
  }

  void TearDown() override {
    for (auto* process : {server_.get(), bank_.get(), provider_.get()}) {
      if (process != nullptr) process->signal(SIGTERM);
    }
  }

  std::unique_ptr<testing::ChildProcess> start(std::vector<std::string> args,
                                               const std::string& name, const std::string& ready) {
    args.insert(args.begin(), SMECREDIT_BINARY);
    std::vector<std::string> env = env_;
    env.push_back(std::string("SMECREDIT_PROVIDER_API_KEY=") + kProviderKey);
    env.push_back(std::string("SMECREDIT_PROVIDER_CONSENT_SECRET=") + kConsentSecret);
    auto process = std::make_unique<testing::ChildProcess>(args, dir_.file(name + ".out"),
                                                           dir_.file(name + ".err"), env);
    EXPECT_TRUE(process->wait_for_stderr(ready, 30s)) << name << ": " << process->stderr_text();
    return process;
  }

  std::string run(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {SMECREDIT_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    testing::ChildProcess command(argv, dir_.file("cmd.out"), dir_.file("cmd.err"), env_);
    EXPECT_EQ(command.wait(60s), 0) << command.stderr_text();
    return command.stdout_text();
  }

  std::string key(const std::string& role) {
    std::vector<std::string> args = {"keys",   "create", "--db",   db(),
                                     "--role", role,     "--name", role};
    if (role == "partner") args.insert(args.end(), {"--partner", "P1"});
    return json_string(run(args), "credential");
  }

  // USCCs of world enterprises with at least 10 of the last 12 months of data.
  std::vector<std::string> usccs_with_recent_data() {
    std::map<std::string, int> recent;
    std::istringstream monthly(read_file(dir_.file("world") + "/monthly.csv"));
    std::string line;
    while (std::getline(monthly, line)) {
      const size_t comma = line.find(',');
      if (line.compare(comma + 1, 4, "2025") == 0) ++recent[line.substr(0, comma)];
    }
    std::vector<std::string> out;
    std::istringstream enterprises(read_file(dir_.file("world") + "/enterprises.csv"));
    std::getline(enterprises, line);
    while (std::getline(enterprises, line)) {
      const size_t comma = line.find(',');
      if (recent[line.substr(0, comma)] >= 10) {
        out.push_back(line.substr(comma + 1, line.find(',', comma + 1) - comma - 1));
      }
    }
    return out;
  }

  api::ClientResponse call(Method method, const std::string& path, const std::string& credential,
                           const std::string& body = "", const std::string& idempotency = "") {
    api::HttpClient client("127.0.0.1", port_, 30'000);
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Authorization", "Bearer " + credential}, {"Content-Type", "application/json"}};
    if (method == Method::kPost) {
      headers.emplace_back("Idempotency-Key",
                           idempotency.empty() ? "k" + std::to_string(++keys_) : idempotency);
    }
    auto response = client.request(method, path, body, headers);
    EXPECT_TRUE(response.ok()) << path;
    return response.ok() ? response.value() : api::ClientResponse{};
  }

  // Registers the enterprise `uscc` and returns {id, borrower token}.
  std::pair<std::string, std::string> register_enterprise(const std::string& uscc) {
    const std::string body = R"({"uscc":")" + uscc + R"(","name":"测试商行","kind":"micro",
      "industry":"F","region":"350100","legal_rep":{"name":"张三",
      "id_number":"11010519491231002X","phone":"13800138000"},"owners":[{"name":"张三",
      "id_number":"11010519491231002X","share_percent":"100"}],
      "bank_account":"6222020200112233445"})";
    const api::ClientResponse created = call(Method::kPost, "/v1/enterprises", admin_, body);
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string id = json_string(created.body, "id");
    const std::string token = json_string(
        run({"token", "issue", "--enterprise", id, "--subject", "owner-" + id}), "token");
    const api::ClientResponse keyed =
        call(Method::kPost, "/v1/enterprises/" + id + "/signing-key", token,
             R"({"public_key":")" + scf::to_hex(borrower_key_.public_key().bytes()) + R"("})");
    EXPECT_EQ(keyed.status, 200) << keyed.body;
    return {id, token};
  }

  void consent(const std::string& id, const std::string& token) {
    const api::ClientResponse granted =
        call(Method::kPost, "/v1/enterprises/" + id + "/consents", token, R"({"days":30})");
    ASSERT_EQ(granted.status, 201) << granted.body;
    EXPECT_EQ(granted.body.find("v1."), std::string::npos) << "the token must not be shown";
  }

  api::ClientResponse apply(const std::string& id, const std::string& token,
                            const std::string& product, const std::string& amount,
                            int installments) {
    return call(Method::kPost, "/v1/applications", token,
                R"({"enterprise_id":")" + id + R"(","product_code":")" + product +
                    R"(","amount":")" + amount + R"(","installments":)" +
                    std::to_string(installments) + R"(,"purpose":"inventory"})");
  }

  std::string stage_of(const std::string& app_id, const std::string& token) {
    return json_string(call(Method::kGet, "/v1/applications/" + app_id, token).body, "stage");
  }

  bool wait_for_stage(const std::string& app_id, const std::string& token,
                      const std::string& stage) {
    for (int i = 0; i < 200; ++i) {
      if (stage_of(app_id, token) == stage) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  // Accepts the offer and signs the contract; returns the contract id.
  std::string accept_and_sign(const std::string& app_id, const std::string& token) {
    const std::string offer_id = "off" + app_id.substr(3);
    const api::ClientResponse accepted =
        call(Method::kPost, "/v1/offers/" + offer_id + "/accept", token, "{}");
    EXPECT_EQ(accepted.status, 200) << accepted.body;
    const std::string contract_id = "con" + app_id.substr(3);
    const api::ClientResponse contract = call(Method::kGet, "/v1/contracts/" + contract_id, token);
    const std::string message = json_string(contract.body, "signing_message");
    EXPECT_FALSE(message.empty()) << contract.body;
    const std::string signature = scf::to_hex(
        borrower_key_
            .sign(scf::ByteSpan(reinterpret_cast<const uint8_t*>(message.data()), message.size()))
            .value());
    const api::ClientResponse signed_contract =
        call(Method::kPost, "/v1/contracts/" + contract_id + "/signatures", token,
             R"({"signature":")" + signature + R"("})");
    EXPECT_EQ(signed_contract.status, 200) << signed_contract.body;
    return contract_id;
  }

  std::string db() const { return dir_.file("var/smecredit.db"); }

  testing::TempDir dir_;
  std::vector<std::string> env_;
  std::unique_ptr<testing::ChildProcess> provider_, bank_, server_;
  uint16_t port_ = 0;
  int keys_ = 0;
  std::string admin_, officer_, second_officer_;
  std::vector<std::string> usccs_;
  scf::SigningKey borrower_key_ = scf::SigningKey::generate().value();
};

TEST_F(LendingWalkTest, ApprovalToADisbursedLoanRepaidInFull) {
  const auto [id, token] = register_enterprise(usccs_[0]);
  consent(id, token);
  const api::ClientResponse applied = apply(id, token, "SME-CREDIT-12M", "50000.00", 12);
  ASSERT_EQ(applied.status, 201) << applied.body;
  EXPECT_EQ(json_string(applied.body, "stage"), "offered") << applied.body;
  EXPECT_NE(applied.body.find("\"outcome\":\"approve\""), std::string::npos) << applied.body;
  const std::string app_id = json_string(applied.body, "id");
  EXPECT_EQ(applied.body.find("\"input_sha256\""), std::string::npos) << "staff only";
  const api::ClientResponse record =
      call(Method::kGet, "/v1/applications/" + app_id + "/decision-record", officer_);
  EXPECT_NE(record.body.find("\"input_sha256\""), std::string::npos) << record.body;
  EXPECT_EQ(call(Method::kGet, "/v1/applications/" + app_id + "/decision-record", token).status,
            403);
  const std::string replayed =
      run({"decision", "replay", "--application", app_id, "--db", db(), "--policy",
           SMECREDIT_WALK_POLICY, "--models", dir_.file("models")});
  EXPECT_NE(replayed.find("\"identical\":true"), std::string::npos) << replayed;

  // A retried POST answers the stored response and changes nothing.
  const std::string offer_path = "/v1/offers/off" + app_id.substr(3) + "/accept";
  const std::string contract_id = accept_and_sign(app_id, token);
  ASSERT_TRUE(wait_for_stage(app_id, token, "disbursed")) << stage_of(app_id, token);

  const api::ClientResponse application = call(Method::kGet, "/v1/applications/" + app_id, token);
  const std::string loan_id = json_string(application.body, "loan_id");
  ASSERT_FALSE(loan_id.empty()) << application.body;
  const api::ClientResponse loan = call(Method::kGet, "/v1/loans/" + loan_id, token);
  EXPECT_EQ(json_string(loan.body, "principal_outstanding"), "50000.00") << loan.body;

  // Every bank callback arrived twice; the loan was disbursed once.
  const api::ClientResponse events = call(Method::kGet, "/v1/events?limit=500", admin_);
  size_t disbursed = 0;
  for (size_t at = events.body.find("application.disbursed"); at != std::string::npos;
       at = events.body.find("application.disbursed", at + 1)) {
    ++disbursed;
  }
  EXPECT_EQ(disbursed, 1u) << events.body;
  EXPECT_NE(events.body.find("consent.granted"), std::string::npos);

  // The credit report from the data the application pulled.
  const api::ClientResponse report =
      call(Method::kGet, "/v1/enterprises/" + id + "/credit-report", officer_);
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_NE(json_field(report.body, {"activity", "inflows_fen", "last_12m"}), "");
  EXPECT_EQ(json_field(report.body, {"decision", "application_id"}), app_id) << report.body;
  EXPECT_EQ(json_field(report.body, {"decision", "outcome"}), "approve") << report.body;
  const api::ClientResponse page =
      call(Method::kGet, "/v1/enterprises/" + id + "/credit-report?format=html", token);
  EXPECT_NE(page.body.find("<h2>Consistency"), std::string::npos);
  const std::string printed = run({"report", "--enterprise", id, "--db", db()});
  EXPECT_NE(printed.find("\"consistency\""), std::string::npos) << printed;

  // Relief: the borrower asks, an officer decides, the loan changes at once.
  const std::string due_before = json_field(loan.body, {"next_due", "date"});
  const api::ClientResponse asked = call(
      Method::kPost, "/v1/loans/" + loan_id + "/relief-requests", token,
      R"({"kind":"extension","defer_periods":1,"reason":"the market was closed for a month"})");
  ASSERT_EQ(asked.status, 201) << asked.body;
  const std::string relief_path =
      "/v1/relief-requests/" + std::to_string(std::stoll(asked.body.substr(6))) + "/decision";
  EXPECT_NE(call(Method::kGet, "/v1/relief-requests", officer_).body.find(loan_id),
            std::string::npos);
  const std::string approve = R"({"decision":"approve","reason":"closure confirmed"})";
  EXPECT_EQ(call(Method::kPost, relief_path, token, approve).status, 403);
  const api::ClientResponse granted = call(Method::kPost, relief_path, officer_, approve);
  ASSERT_EQ(granted.status, 200) << granted.body;
  EXPECT_EQ(json_string(granted.body, "stage"), "approved");
  EXPECT_EQ(call(Method::kPost, relief_path, officer_, approve).status, 409);
  const std::string due_after =
      json_field(call(Method::kGet, "/v1/loans/" + loan_id, token).body, {"next_due", "date"});
  EXPECT_GT(due_after, due_before) << "the first installment moved a month";
  const api::ClientResponse waiver =
      call(Method::kPost, "/v1/loans/" + loan_id + "/relief-requests", token,
           R"({"kind":"waiver","component":"principal","amount":"10.00","reason":"please"})");
  EXPECT_EQ(waiver.status, 400) << waiver.body;

  const api::ClientResponse part = call(Method::kPost, "/v1/loans/" + loan_id + "/repayments",
                                        token, R"({"amount":"1000.00","reference":"walk-1"})");
  ASSERT_EQ(part.status, 201) << part.body;

  const api::ClientResponse prepaid = call(Method::kPost, "/v1/loans/" + loan_id + "/prepayments",
                                           token, R"({"amount":"10000.00"})");
  ASSERT_EQ(prepaid.status, 201) << prepaid.body;
  // The 1,000.00 paid earlier waits as an advance on the next installment.
  EXPECT_EQ(json_string(prepaid.body, "principal_outstanding"), "40000.00") << prepaid.body;

  // Repaying from the bank account: the platform asks the bank to collect;
  // the bank's payment callback (delivered twice here) repays once.
  const std::string statement_path =
      "/v1/loans/" + loan_id + "/statement?from=2026-01-01&to=2099-12-31";
  const auto collected = [&] {
    const std::string body = call(Method::kGet, statement_path, token).body;
    int found = 0;
    for (size_t at = body.find(R"("amount":"500.00")"); at != std::string::npos;
         at = body.find(R"("amount":"500.00")", at + 1)) {
      ++found;
    }
    return found;
  };
  const std::string collect_path = "/v1/loans/" + loan_id + "/bank-payments";
  EXPECT_EQ(call(Method::kPost, collect_path, token, R"({"amount":"0.00"})").status, 400);
  const api::ClientResponse collect =
      call(Method::kPost, collect_path, token, R"({"amount":"500.00"})", "collect-1");
  ASSERT_EQ(collect.status, 202) << collect.body;
  EXPECT_EQ(json_string(collect.body, "collection_id").substr(0, 4), "col_") << collect.body;
  for (int i = 0; i < 200 && collected() == 0; ++i) std::this_thread::sleep_for(50ms);
  std::this_thread::sleep_for(300ms);  // room for the duplicate callback
  EXPECT_EQ(collected(), 1);

  const api::ClientResponse quote = call(Method::kGet, "/v1/loans/" + loan_id + "/payoff", token);
  const std::string total = json_string(quote.body, "total");
  ASSERT_FALSE(total.empty()) << quote.body;
  const std::string final_body = R"({"amount":")" + total + R"("})";
  const api::ClientResponse paid =
      call(Method::kPost, "/v1/loans/" + loan_id + "/repayments", token, final_body, "payoff-1");
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_NE(paid.body.find("\"closed\":true"), std::string::npos) << paid.body;
  const api::ClientResponse again =
      call(Method::kPost, "/v1/loans/" + loan_id + "/repayments", token, final_body, "payoff-1");
  EXPECT_EQ(again.body, paid.body);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(call(Method::kPost, offer_path, token, "{}").status, 409);
  const api::ClientResponse statement = call(Method::kGet, statement_path, token);
  ASSERT_EQ(statement.status, 200) << statement.body;
  for (const char* kind : {"disbursement", "extension", "repayment", "prepayment"}) {
    EXPECT_NE(statement.body.find(std::string("\"") + kind + "\""), std::string::npos) << kind;
  }
  EXPECT_EQ(json_field(statement.body, {"closing", "principal_outstanding"}), "0.00");
  (void)contract_id;
}

TEST_F(LendingWalkTest, SecuredPathHoldsTheMoneyUntilTheLienIsConfirmed) {
  const auto [id, token] = register_enterprise(usccs_[1]);
  consent(id, token);
  const api::ClientResponse applied = apply(id, token, "SME-PROPERTY-60M", "200000.00", 36);
  ASSERT_EQ(applied.status, 201) << applied.body;
  ASSERT_EQ(json_string(applied.body, "stage"), "offered") << applied.body;
  const std::string app_id = json_string(applied.body, "id");
  const std::string contract_id = accept_and_sign(app_id, token);
  EXPECT_EQ(stage_of(app_id, token), "awaiting_collateral");
  const api::ClientResponse too_little =
      call(Method::kPost, "/v1/contracts/" + contract_id + "/collateral", officer_,
           R"({"type":"property","identifier":"闽(2024)福州市不动产权第0002号",
               "valuation":"200000.00","lien_reference":"LIEN-WALK-1"})");
  EXPECT_EQ(too_little.status, 422) << too_little.body;
  const api::ClientResponse registered =
      call(Method::kPost, "/v1/contracts/" + contract_id + "/collateral", officer_,
           R"({"type":"property","identifier":"闽(2024)福州市不动产权第0002号",
               "valuation":"400000.00","lien_reference":"LIEN-WALK-1"})");
  ASSERT_EQ(registered.status, 200) << registered.body;
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(stage_of(app_id, token), "awaiting_collateral") << "no money before the lien";
  ASSERT_EQ(
      call(Method::kPost, "/v1/contracts/" + contract_id + "/lien-confirmation", officer_, "{}")
          .status,
      200);
  EXPECT_TRUE(wait_for_stage(app_id, token, "disbursed")) << stage_of(app_id, token);
}

TEST_F(LendingWalkTest, DeclinesReferralsAndMissingConsent) {
  const auto [id, token] = register_enterprise(usccs_[2]);
  EXPECT_EQ(call(Method::kGet, "/v1/enterprises/" + id + "/credit-report", token).status, 404);
  const api::ClientResponse no_consent = apply(id, token, "SME-CREDIT-12M", "50000.00", 12);
  EXPECT_EQ(no_consent.status, 409) << no_consent.body;
  EXPECT_NE(no_consent.body.find("consent"), std::string::npos) << no_consent.body;
  consent(id, token);

  const api::ClientResponse declined = apply(id, token, "SME-CREDIT-12M", "950000.00", 12);
  ASSERT_EQ(declined.status, 201) << declined.body;
  EXPECT_EQ(json_string(declined.body, "stage"), "declined");
  EXPECT_NE(declined.body.find("KO_AMOUNT"), std::string::npos) << declined.body;
  EXPECT_NE(declined.body.find("outside what this product lends"), std::string::npos);

  const api::ClientResponse referred = apply(id, token, "SME-CREDIT-12M", "400000.00", 12);
  ASSERT_EQ(referred.status, 201) << referred.body;
  EXPECT_EQ(json_string(referred.body, "stage"), "referred") << referred.body;
  const std::string app_id = json_string(referred.body, "id");
  const api::ClientResponse queue = call(Method::kGet, "/v1/reviews", officer_);
  EXPECT_NE(queue.body.find(app_id), std::string::npos) << queue.body;
  EXPECT_EQ(call(Method::kPost, "/v1/reviews/" + app_id + "/decision", token,
                 R"({"decision":"approve","reason":"mine"})")
                .status,
            403);
  const std::string approve = R"({"decision":"approve","reason":"invoices explain the dip"})";
  const api::ClientResponse first =
      call(Method::kPost, "/v1/reviews/" + app_id + "/decision", officer_, approve);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json_string(first.body, "stage"), "awaiting_confirmation");
  // The second approval must come from another officer.
  EXPECT_EQ(call(Method::kPost, "/v1/reviews/" + app_id + "/decision", officer_, approve).status,
            403);
  const api::ClientResponse second =
      call(Method::kPost, "/v1/reviews/" + app_id + "/decision", second_officer_, approve);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(json_string(second.body, "stage"), "offered") << second.body;

  const api::ClientResponse revoked =
      call(Method::kPost, "/v1/enterprises/" + id + "/consents/1/revoke", token, "{}");
  EXPECT_EQ(revoked.status, 200) << revoked.body;
  // Once revoked, even the data already pulled is not used.
  const api::ClientResponse after = apply(id, token, "SME-CREDIT-12M", "20000.00", 12);
  EXPECT_EQ(after.status, 409) << after.body;
  EXPECT_NE(after.body.find("consent"), std::string::npos) << after.body;
}

// Supply-chain finance on the same risk process: the platform onboards a
// core enterprise (SM2 key) and a supplier; the core's issuance line is
// granted only as far as the loan underwriter approves, under the core's
// consent; the core then issues within the line and not beyond it.
TEST_F(LendingWalkTest, ACoreEnterprisesIssuanceLineComesFromTheRiskProcess) {
  const auto [id, token] = register_enterprise(usccs_[3]);
  const scf::SigningKey core = scf::SigningKey::generate(scf::SignatureScheme::kSm2).value();
  const scf::SigningKey supplier = scf::SigningKey::generate().value();
  auto join = [&](const std::string& who, const std::string& role, const scf::SigningKey& key) {
    return call(Method::kPost, "/v1/scf/participants", admin_,
                R"({"id":")" + who + R"(","role":")" + role + R"(","public_key":")" +
                    scf::to_hex(key.public_key().bytes()) + R"("})");
  };
  const api::ClientResponse joined = join("core-1", "core", core);
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_NE(joined.body.find(R"("scheme":"sm2")"), std::string::npos) << joined.body;
  ASSERT_EQ(join("s-1", "supplier", supplier).status, 200);
  EXPECT_EQ(join("s-2", "supplier", supplier).status, 200);
  EXPECT_EQ(call(Method::kPost, "/v1/scf/participants", officer_, "{}").status, 403);

  auto line = [&](int64_t limit_fen) {
    return call(Method::kPost, "/v1/scf/lines", officer_,
                R"({"core":"core-1","enterprise_id":")" + id + R"(","limit_fen":)" +
                    std::to_string(limit_fen) + "}");
  };
  // Without the enterprise's consent the risk process has no data.
  const api::ClientResponse no_consent = line(20'000'000);
  EXPECT_EQ(no_consent.status, 409) << no_consent.body;
  consent(id, token);
  // More than the policy grants unreviewed: referred, nothing signed.
  const api::ClientResponse referred = line(50'000'000);
  ASSERT_EQ(referred.status, 200) << referred.body;
  EXPECT_NE(referred.body.find(R"("outcome":"refer","granted":false)"), std::string::npos)
      << referred.body;
  EXPECT_NE(referred.body.find("RF_LARGE_AMOUNT"), std::string::npos) << referred.body;
  const api::ClientResponse granted = line(20'000'000);
  ASSERT_EQ(granted.status, 201) << granted.body;
  EXPECT_NE(granted.body.find(R"("outcome":"approve","granted":true,"limit_fen":20000000)"),
            std::string::npos)
      << granted.body;
  EXPECT_NE(granted.body.find(R"("risk_rate_percent":")"), std::string::npos) << granted.body;

  const Date today = business_date(
      std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()));
  auto issue = [&](const std::string& voucher, int64_t fen) {
    const std::string body = scf::signed_operation_entry(
        scf::sign_operation(
            core,
            scf::Issue{
                {"core-1", today}, voucher, "s-1", fen, add_days(today, 180), "PO-9", "INV-9"})
            .value());
    api::HttpClient client("127.0.0.1", port_, 30'000);
    return client.request(Method::kPost, "/v1/scf/operations", body).value();
  };
  EXPECT_EQ(issue("V-1", 15'000'000).status, 201);
  const api::ClientResponse beyond = issue("V-2", 6'000'000);
  EXPECT_EQ(beyond.status, 409) << beyond.body;
  EXPECT_NE(beyond.body.find("exceed the core enterprise's line"), std::string::npos)
      << beyond.body;
}

// Every gated route in the served OpenAPI document, called with every role:
// the roles it lists under x-roles get past the gate, the others get its 403.
TEST_F(LendingWalkTest, EveryRouteAnswersEveryRoleAsItsDocumentSays) {
  const auto [id, token] = register_enterprise(usccs_[3]);
  const std::map<std::string, std::string> credentials = {{"admin", admin_},
                                                          {"officer", officer_},
                                                          {"auditor", key("auditor")},
                                                          {"partner", key("partner")},
                                                          {"borrower", token}};
  rapidjson::Document doc;
  doc.Parse(call(Method::kGet, "/openapi.json", "").body.c_str());
  ASSERT_TRUE(doc.IsObject() && doc.HasMember("paths"));
  int checked = 0;
  for (const auto& path : doc["paths"].GetObject()) {
    std::string target = path.name.GetString();
    for (size_t at = target.find('{'); at != std::string::npos; at = target.find('{')) {
      target.replace(at, target.find('}', at) - at + 1, "x1");
    }
    for (const auto& operation : path.value.GetObject()) {
      // Public routes (health, OpenAPI, the bank's signed callbacks) list no roles.
      if (!operation.value.HasMember("x-roles") || operation.value["x-roles"].Empty()) continue;
      const std::string verb = operation.name.GetString();
      if (verb != "get" && verb != "post") continue;
      const Method method = verb == "get" ? Method::kGet : Method::kPost;
      for (const auto& [role, credential] : credentials) {
        bool allowed = false;
        for (const auto& r : operation.value["x-roles"].GetArray()) {
          allowed = allowed || role == r.GetString();
        }
        const api::ClientResponse response = call(method, target, credential, "{}");
        const bool gate_refused = response.status == 403 &&
                                  response.body.find("may not use this route") != std::string::npos;
        EXPECT_NE(response.status, 401) << verb << " " << target << " " << role;
        EXPECT_EQ(gate_refused, !allowed)
            << verb << " " << target << " " << role << ": " << response.body;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace smecredit

// `smecredit audit` against a real `smecredit serve`: signed voucher
// operations go in through the API; a clean log verifies and its balances
// replay; one row changed directly in the database is named exactly.
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "api/http_client.h"
#include "scf/merkle/hex.h"
#include "scf/voucher/operation_codec.h"
#include "security/digest.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/child_process.h"
#include "tests/support/store_count.h"
#include "tests/support/temp_dir.h"

namespace smecredit {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr const char* kBankSecretHex =
    "4242424242424242424242424242424242424242424242424242424242424242";

struct CommandRun {
  int exit_code;
  std::string out;
  std::string err;
};

// Run once with Ed25519 signatures over a SHA-256 log and once with the
// national standards, SM2 signatures over an SM3 log.
class AuditTest : public ::testing::TestWithParam<scf::SignatureScheme> {
 protected:
  // Starts the server and runs a small supply chain through the API: the
  // platform registers the participants and grants a line; the core issues
  // a voucher; the supplier accepts it and splits it down the tiers.
  void SetUp() override {
    start_server();
    scf::PrivateSeed seed{};
    const auto bytes = scf::bytes_from_hex(kSeed).value();
    std::copy(bytes.begin(), bytes.end(), seed.begin());
    const scf::SigningKey platform = scf::SigningKey::from_seed(seed, GetParam()).value();
    std::map<std::string, scf::SigningKey> keys;
    for (const char* id : {"core", "s1", "s2", "s3"})
      keys.emplace(id, scf::SigningKey::generate(GetParam()).value());
    const Date today = parse_date("2026-01-10").value();
    const scf::Header by_platform{scf::kPlatformId, today};
    submit(platform,
           scf::Register{by_platform, "core", scf::Role::kCore, keys.at("core").public_key()});
    for (const char* id : {"s1", "s2", "s3"}) {
      submit(platform,
             scf::Register{by_platform, id, scf::Role::kSupplier, keys.at(id).public_key()});
    }
    submit(platform, scf::GrantLine{by_platform, "core", 10'000'000'00});
    submit(keys.at("core"), scf::Issue{{"core", today},
                                       "V1",
                                       "s1",
                                       1'000'000'00,
                                       parse_date("2026-07-10").value(),
                                       "PO-1",
                                       "INV-1"});
    submit(keys.at("s1"), scf::Accept{{"s1", today}, "V1"});
    submit(
        keys.at("s1"),
        scf::Transfer{{"s1", today}, "V1", {{"P1", "s1", 400'000'00}, {"P2", "s2", 600'000'00}}});
    submit(
        keys.at("s2"),
        scf::Transfer{{"s2", today}, "P2", {{"P3", "s3", 250'000'00}, {"P4", "s2", 350'000'00}}});
    wait_for_checkpoint(kEntries);
  }

  static constexpr uint64_t kEntries = 9;

  void submit(const scf::SigningKey& key, scf::Operation op) {
    const std::string body =
        scf::signed_operation_entry(scf::sign_operation(key, std::move(op)).value());
    auto response = client().request(api::Method::kPost, "/v1/scf/operations", body);
    ASSERT_TRUE(response.ok());
    ASSERT_EQ(response.value().status, 201) << response.value().body;
    first_body_ = first_body_.empty() ? body : first_body_;
  }

  // What the bank sends when the core's payment for a voucher arrives.
  api::ClientResponse bank_reports(const std::string& body, bool signed_by_bank = true) {
    const auto secret = scf::bytes_from_hex(kBankSecretHex).value();
    const std::string signature =
        security::to_hex(security::hmac_sha256(std::string(secret.begin(), secret.end()), body));
    return client()
        .request(api::Method::kPost, "/v1/scf/bank/callbacks", body,
                 {{"X-Bank-Signature", signed_by_bank ? signature : std::string(64, '0')}})
        .value();
  }

  std::string first_body_;  // the first operation submitted, as posted

  void wait_for_checkpoint(uint64_t size) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      auto r = client().request(api::Method::kGet, "/v1/scf/log/checkpoint");
      if (r.ok() &&
          r.value().body.find("\"tree_size\":" + std::to_string(size) + ",") != std::string::npos) {
        return;
      }
      std::this_thread::sleep_for(50ms);
    }
    FAIL() << "no checkpoint of size " << size;
  }

  api::HttpClient client() { return api::HttpClient("127.0.0.1", port_, 5000); }

  std::string db_path() const { return dir_.file("smecredit.db"); }

  std::vector<std::string> server_environment() const {
    return {std::string("SMECREDIT_SECURITY_LOG_SIGNING_SEED=") + kSeed,
            "SMECREDIT_SCF_CHECKPOINT_INTERVAL_MS=200",
            "SMECREDIT_SCF_SIGNATURE_SCHEME=" + std::string(scf::signature_scheme_name(GetParam())),
            std::string("SMECREDIT_SCF_LOG_HASH=") +
                (GetParam() == scf::SignatureScheme::kSm2 ? "sm3" : "sha256"),
            // settlement runs only when a test asks for it
            "SMECREDIT_SCF_SETTLEMENT_INTERVAL_MS=86400000",
            std::string("SMECREDIT_BANK_SECRET=") + kBankSecretHex};
  }

  void start_server() {
    server_ = std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{SMECREDIT_BINARY, "serve", "--port", "0", "--db", db_path()},
        dir_.file("serve.out"), dir_.file("serve.err"), server_environment());
    ASSERT_TRUE(server_->wait_for_stderr("serving on", 20s)) << server_->stderr_text();
    const std::string err = server_->stderr_text();
    const std::string prefix = "http://127.0.0.1:";
    port_ = static_cast<uint16_t>(std::stoi(err.substr(err.find(prefix) + prefix.size())));
    url_ = "http://127.0.0.1:" + std::to_string(port_);
  }

  CommandRun audit(const std::string& state) {
    testing::ChildProcess p({SMECREDIT_BINARY, "audit", "--url", url_, "--state", dir_.file(state)},
                            dir_.file("audit.out"), dir_.file("audit.err"));
    const int code = p.wait(60s);
    return {code, p.stdout_text(), p.stderr_text()};
  }

  void tamper(int64_t index) {
    auto store = store::SqliteStore::open({.path = db_path()}).value();
    ASSERT_TRUE(store
                    ->transact(store::TxMode::kReadWrite,
                               [&](store::Transaction& tx) -> Status {
                                 SC_RETURN_IF_ERROR(tx.execute(
                                     "UPDATE log_entries SET entry = ? WHERE idx = ?",
                                     {store::Blob{{'f', 'o', 'r', 'g', 'e', 'd'}}, index}));
                                 return ok_status();
                               })
                    .ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::ChildProcess> server_;
  std::string url_;
  uint16_t port_ = 0;
};

TEST_P(AuditTest, ACleanLogVerifiesAndATamperedRowIsNamed) {
  const CommandRun clean = audit("auditor.state");
  ASSERT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_NE(clean.out.find("audit: OK 9 entries"), std::string::npos) << clean.out;
  EXPECT_NE(clean.out.find("replayed 1 vouchers, 5 pieces; 100000000 fen outstanding"),
            std::string::npos)
      << clean.out;

  tamper(7);
  const CommandRun remembered = audit("auditor.state");
  EXPECT_EQ(remembered.exit_code, 1) << remembered.out;
  EXPECT_NE(remembered.out.find("entry 7 was altered"), std::string::npos) << remembered.out;
  EXPECT_EQ(remembered.out.find("entry 6 "), std::string::npos);
  EXPECT_EQ(remembered.out.find("entry 8 "), std::string::npos);

  // A first-time auditor, with no memory, names it through inclusion proofs.
  const CommandRun fresh = audit("fresh.state");
  EXPECT_EQ(fresh.exit_code, 1) << fresh.out;
  EXPECT_NE(fresh.out.find("entry 7 was altered"), std::string::npos) << fresh.out;

  server_->signal(SIGTERM);
  EXPECT_EQ(server_->wait(10s), 0);
}

TEST_P(AuditTest, TheServerRefusesToStartOverATamperedLog) {
  ASSERT_EQ(audit("auditor.state").exit_code, 0);
  server_->signal(SIGTERM);
  ASSERT_EQ(server_->wait(10s), 0);
  tamper(3);
  testing::ChildProcess restarted({SMECREDIT_BINARY, "serve", "--port", "0", "--db", db_path()},
                                  dir_.file("r.out"), dir_.file("r.err"), server_environment());
  EXPECT_EQ(restarted.wait(20s), 1);
  EXPECT_NE(restarted.stderr_text().find("do not match the signed checkpoint"), std::string::npos)
      << restarted.stderr_text();
}

// The core's payment, reported by the bank after maturity, settles the
// voucher at once in the platform's name; every report and every operation
// may be retried; the auditor replays the settlement from the log.
TEST_P(AuditTest, TheCoresPaymentSettlesTheVoucherAndRetriesChangeNothing) {
  const std::string payment =
      R"({"type":"voucher_payment","voucher":"V1","amount_fen":100000000,"reference":"B-77"})";
  EXPECT_EQ(bank_reports(payment, false).status, 401);
  EXPECT_EQ(bank_reports(R"({"type":"voucher_payment","voucher":"V9","amount_fen":1,)"
                         R"("reference":"B-1"})")
                .status,
            404);
  EXPECT_EQ(bank_reports(R"({"type":"voucher_payment","voucher":"V1","amount_fen":5,)"
                         R"("reference":"B-2"})")
                .status,
            400);

  const api::ClientResponse paid = bank_reports(payment);
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_NE(paid.body.find(R"("status":"recorded","settled":1)"), std::string::npos) << paid.body;
  const api::ClientResponse again = bank_reports(payment);
  EXPECT_EQ(again.status, 200);
  EXPECT_NE(again.body.find(R"("status":"already_recorded","settled":0)"), std::string::npos)
      << again.body;
  EXPECT_EQ(bank_reports(R"({"type":"voucher_payment","voucher":"V1","amount_fen":100000000,)"
                         R"("reference":"B-78"})")
                .status,
            409);  // a second payment for a settled voucher

  const auto voucher = client().request(api::Method::kGet, "/v1/scf/vouchers/V1").value();
  EXPECT_NE(voucher.body.find(R"("state":"settled")"), std::string::npos) << voucher.body;
  EXPECT_NE(voucher.body.find(R"("settlement":{"s1":40000000,"s2":35000000,"s3":25000000})"),
            std::string::npos)
      << voucher.body;

  // The money side, posted with the log entry: the core's payment in, passed
  // on to the three holders (none of the pieces was financed).
  {
    auto store = store::SqliteStore::open({.path = db_path()}).value();
    EXPECT_EQ(testing::count_rows(*store,
                                  "SELECT COUNT(*) FROM journal_entries WHERE subledger ="
                                  " 'voucher:V1' AND kind = 'voucher_settlement'"),
              1);
    EXPECT_EQ(testing::count_rows(*store,
                                  "SELECT SUM(amount_minor) FROM journal_postings p JOIN"
                                  " journal_entries e ON e.id = p.entry_id WHERE e.subledger ="
                                  " 'voucher:V1' AND p.account = 'repayment_clearing'"),
              100'000'000);
  }

  // The first operation posted again: its index, nothing new in the log.
  const auto retried = client().request(api::Method::kPost, "/v1/scf/operations", first_body_);
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(retried.value().status, 200) << retried.value().body;
  EXPECT_EQ(retried.value().body, R"({"index":0,"replayed":true})");

  wait_for_checkpoint(kEntries + 1);
  const CommandRun audited = audit("auditor.state");
  EXPECT_EQ(audited.exit_code, 0) << audited.out << audited.err;
  EXPECT_NE(audited.out.find("audit: OK 10 entries"), std::string::npos) << audited.out;
}

INSTANTIATE_TEST_SUITE_P(Schemes, AuditTest,
                         ::testing::Values(scf::SignatureScheme::kEd25519,
                                           scf::SignatureScheme::kSm2),
                         [](const ::testing::TestParamInfo<scf::SignatureScheme>& info) {
                           return std::string(scf::signature_scheme_name(info.param));
                         });

TEST(AuditCliTest, UsageErrorsExitTwo) {
  testing::TempDir dir;
  testing::ChildProcess p({SMECREDIT_BINARY, "audit", "--url", "ftp://nowhere"}, dir.file("u.out"),
                          dir.file("u.err"));
  EXPECT_EQ(p.wait(20s), 2);
  EXPECT_NE(p.stderr_text().find("--url"), std::string::npos) << p.stderr_text();
}

}  // namespace
}  // namespace smecredit

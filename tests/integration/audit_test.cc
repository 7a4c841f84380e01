// `smecredit audit` against a real `smecredit serve`: a clean log verifies;
// one row changed directly in the database is named exactly.
#include <gtest/gtest.h>

#include "scf/log/durable_log.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace smecredit {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

struct CommandRun {
  int exit_code;
  std::string out;
  std::string err;
};

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::SqliteStore::open({.path = db_path()}).value();
    ASSERT_TRUE(store::migrate(*store, store::builtin_migrations(), Timestamp{}).ok());
    auto log = scf::DurableLog::open(*store, scf::HashAlgorithm::kSha256).value();
    std::vector<scf::Entry> batch;
    for (int i = 0; i < 40; ++i) {
      const std::string text = "{\"op\":\"transfer\",\"piece\":" + std::to_string(i) + "}";
      batch.emplace_back(text.begin(), text.end());
    }
    ASSERT_TRUE(log->append(batch, Timestamp{}).ok());
  }

  std::string db_path() const { return dir_.file("smecredit.db"); }

  void start_server() {
    server_ = std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{SMECREDIT_BINARY, "serve", "--port", "0", "--db", db_path()},
        dir_.file("serve.out"), dir_.file("serve.err"),
        std::vector<std::string>{std::string("SMECREDIT_SECURITY_LOG_SIGNING_SEED=") + kSeed,
                                 "SMECREDIT_SCF_CHECKPOINT_INTERVAL_MS=200"});
    ASSERT_TRUE(server_->wait_for_stderr("serving on", 20s)) << server_->stderr_text();
    const std::string err = server_->stderr_text();
    const std::string prefix = "http://127.0.0.1:";
    url_ = "http://127.0.0.1:" +
           std::to_string(std::stoi(err.substr(err.find(prefix) + prefix.size())));
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
};

TEST_F(AuditTest, ACleanLogVerifiesAndATamperedRowIsNamed) {
  start_server();
  const CommandRun clean = audit("auditor.state");
  ASSERT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_NE(clean.out.find("audit: OK 40 entries"), std::string::npos) << clean.out;

  tamper(17);
  const CommandRun remembered = audit("auditor.state");
  EXPECT_EQ(remembered.exit_code, 1) << remembered.out;
  EXPECT_NE(remembered.out.find("entry 17 was altered"), std::string::npos) << remembered.out;
  EXPECT_EQ(remembered.out.find("entry 16 "), std::string::npos);
  EXPECT_EQ(remembered.out.find("entry 18 "), std::string::npos);

  // A first-time auditor, with no memory, names it through inclusion proofs.
  const CommandRun fresh = audit("fresh.state");
  EXPECT_EQ(fresh.exit_code, 1) << fresh.out;
  EXPECT_NE(fresh.out.find("entry 17 was altered"), std::string::npos) << fresh.out;

  server_->signal(SIGTERM);
  EXPECT_EQ(server_->wait(10s), 0);
}

TEST_F(AuditTest, TheServerRefusesToStartOverATamperedLog) {
  start_server();
  ASSERT_EQ(audit("auditor.state").exit_code, 0);
  server_->signal(SIGTERM);
  ASSERT_EQ(server_->wait(10s), 0);
  tamper(3);
  testing::ChildProcess restarted({SMECREDIT_BINARY, "serve", "--port", "0", "--db", db_path()},
                                  dir_.file("r.out"), dir_.file("r.err"));
  EXPECT_EQ(restarted.wait(20s), 1);
  EXPECT_NE(restarted.stderr_text().find("do not match the signed checkpoint"), std::string::npos)
      << restarted.stderr_text();
}

TEST_F(AuditTest, UsageErrorsExitTwo) {
  testing::ChildProcess p({SMECREDIT_BINARY, "audit", "--url", "ftp://nowhere"}, dir_.file("u.out"),
                          dir_.file("u.err"));
  EXPECT_EQ(p.wait(20s), 2);
  EXPECT_NE(p.stderr_text().find("--url"), std::string::npos) << p.stderr_text();
}

}  // namespace
}  // namespace smecredit

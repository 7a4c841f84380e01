// The real `smecredit serve` process over real HTTP: start-up, health,
// limits, memory under an oversized body, and graceful shutdown on SIGTERM.
#include <gtest/gtest.h>

#include "api/http_client.h"
#include "store/migrations.h"
#include "tests/support/child_process.h"
#include "tests/support/raw_connection.h"
#include "tests/support/temp_dir.h"

namespace smecredit {
namespace {

using namespace std::chrono_literals;

class ServeProcessTest : public ::testing::Test {
 protected:
  // Starts `smecredit serve --port 0` and learns the port from its banner.
  // In sanitizer builds ASan's quarantine holds freed memory back, which
  // would hide whether the server itself buffers; it is switched off here.
  void start() {
    const std::vector<std::string> argv = {
        SMECREDIT_BINARY, "serve", "--port", "0", "--db", dir_.file("var/smecredit.db")};
    process_ = std::make_unique<testing::ChildProcess>(
        argv, dir_.file("out.log"), dir_.file("err.log"),
        std::vector<std::string>{"ASAN_OPTIONS=quarantine_size_mb=0:detect_leaks=1"});
    ASSERT_TRUE(process_->started());
    ASSERT_TRUE(process_->wait_for_stderr("serving on", 20s)) << process_->stderr_text();
    const std::string err = process_->stderr_text();
    const std::string prefix = "http://127.0.0.1:";
    const size_t at = err.find(prefix);
    ASSERT_NE(at, std::string::npos) << err;
    port_ = static_cast<uint16_t>(std::stoi(err.substr(at + prefix.size())));
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::ChildProcess> process_;
  uint16_t port_ = 0;
};

TEST_F(ServeProcessTest, ServesHealthzAndCreatesTheDatabase) {
  start();
  api::HttpClient client("127.0.0.1", port_, 5000);
  auto health = client.request(api::Method::kGet, "/healthz");
  ASSERT_TRUE(health.ok()) << health.error().to_string();
  EXPECT_EQ(health.value().status, 200);
  EXPECT_EQ(client.request(api::Method::kGet, "/readyz").value().status, 200);
  EXPECT_TRUE(std::filesystem::exists(dir_.file("var/smecredit.db")));
  auto openapi = client.request(api::Method::kGet, "/openapi.json");
  EXPECT_NE(openapi.value().body.find("\"openapi\":\"3.1.0\""), std::string::npos);
  process_->signal(SIGTERM);
  EXPECT_EQ(process_->wait(10s), 0);
  const std::string applied = "\"event\":\"migrations_applied\",\"count\":" +
                              std::to_string(store::builtin_migrations().size());
  EXPECT_NE(process_->stdout_text().find(applied), std::string::npos) << process_->stdout_text();
}

TEST_F(ServeProcessTest, MigrationsRunOnceAcrossRestarts) {
  start();
  process_->signal(SIGTERM);
  ASSERT_EQ(process_->wait(10s), 0);
  start();
  process_->signal(SIGTERM);
  ASSERT_EQ(process_->wait(10s), 0);
  EXPECT_NE(process_->stdout_text().find("\"event\":\"migrations_applied\",\"count\":0"),
            std::string::npos)
      << process_->stdout_text();
}

// A 10 MB body is refused with 413 and the server's memory stays flat: the
// body is never buffered.
TEST_F(ServeProcessTest, TenMegabyteBodyGets413AndMemoryStaysFlat) {
  start();
  api::HttpClient warm("127.0.0.1", port_, 5000);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(warm.request(api::Method::kGet, "/healthz").ok());
  const long before_kib = process_->resident_kib();
  ASSERT_GT(before_kib, 0);
  const std::string megabyte(1024 * 1024, 'x');
  for (int attempt = 0; attempt < 5; ++attempt) {
    for (const bool chunked : {false, true}) {
      testing::RawConnection raw(port_);
      const std::string head =
          chunked ? "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  : "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n";
      ASSERT_TRUE(raw.send(head));
      for (int mb = 0; mb < 10; ++mb) {
        const std::string piece = chunked ? "100000\r\n" + megabyte + "\r\n" : megabyte;
        if (!raw.send(piece)) break;  // the server answered and closed: expected
      }
      const std::string response = raw.read_all(5000ms);
      EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response.substr(0, 200);
    }
  }
  const long after_kib = process_->resident_kib();
  // 100 MB were offered in all; buffering even one body would add 10 MB.
  // Allocator and sanitizer bookkeeping stay well below that bound.
  EXPECT_LT(after_kib - before_kib, 8 * 1024)
      << "before " << before_kib << " KiB, after " << after_kib << " KiB";
  process_->signal(SIGTERM);
  EXPECT_EQ(process_->wait(10s), 0);
}

// SIGTERM arrives while a client is still uploading a request body; the
// server stops accepting, lets that request finish, answers it, and exits 0.
TEST_F(ServeProcessTest, SigtermDuringASlowRequestLetsItFinishAndExitsZero) {
  start();
  testing::RawConnection slow(port_);
  ASSERT_TRUE(slow.send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello"));
  std::this_thread::sleep_for(200ms);
  process_->signal(SIGTERM);
  std::this_thread::sleep_for(300ms);
  // New connections are refused once draining.
  api::HttpClient late("127.0.0.1", port_, 1000);
  EXPECT_FALSE(late.request(api::Method::kGet, "/healthz").ok());
  ASSERT_TRUE(slow.send("world"));
  const std::string response = slow.read_all(5000ms);
  EXPECT_EQ(response.rfind("HTTP/1.1 405", 0), 0u) << response;  // POST /healthz: a full answer
  EXPECT_NE(response.find("Connection: close"), std::string::npos);
  EXPECT_EQ(process_->wait(10s), 0) << process_->stderr_text();
  EXPECT_NE(process_->stdout_text().find("\"event\":\"shutdown_requested\""), std::string::npos);
  EXPECT_NE(process_->stdout_text().find("\"event\":\"stopped\""), std::string::npos);
}

TEST_F(ServeProcessTest, SigintAlsoStopsCleanly) {
  start();
  process_->signal(SIGINT);
  EXPECT_EQ(process_->wait(10s), 0);
}

}  // namespace
}  // namespace smecredit

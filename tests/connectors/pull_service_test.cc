#include "connectors/pull_service.h"

#include <gtest/gtest.h>

#include "connectors/file_import.h"
#include "connectors/world/world.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/store_count.h"
#include "tests/support/temp_dir.h"

namespace smecredit::connectors {
namespace {

using namespace std::chrono_literals;

const Timestamp kStart = Timestamp{std::chrono::seconds{1'790'000'000}};

// Answers every fetch with a fixed body.
class FixedConnector final : public Connector {
 public:
  explicit FixedConnector(std::string body) : body_(std::move(body)) {}
  std::string name() const override { return "fixed"; }
  Result<FetchResult> fetch(const FetchRequest&) override { return FetchResult{body_, 1}; }

 private:
  std::string body_;
};

class PullServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world::WorldOptions options;
    options.enterprises = 60;
    options.months = 14;
    options.out_dir = dir_.file("world");
    ASSERT_TRUE(world::generate_world(options).ok());
    store_ = store::SqliteStore::open({.path = dir_.file("s.db")}).value();
    ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations(), kStart).ok());
    files_ = FileImportConnector::open(dir_.file("world")).value();
  }

  int64_t count(const std::string& sql) { return smecredit::testing::count_rows(*store_, sql); }

  ConsentRecord consent(std::vector<std::string> scopes) const {
    return {"E0000001", std::move(scopes), "credit_assessment", "token-not-checked-by-files",
            kStart + std::chrono::hours(24)};
  }

  PullRequest request(std::string section) const {
    return {"test:actor", "E0000001", std::move(section), "credit_assessment"};
  }

  testing::TempDir dir_;
  ManualClock clock_{kStart};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<FileImportConnector> files_;
};

TEST_F(PullServiceTest, WithoutConsentNothingIsFetchedButThePullIsLogged) {
  PullService service(*store_, *files_, clock_);
  const auto refused = service.pull(request("tax"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(count("SELECT COUNT(*) FROM enterprise_data"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls WHERE outcome = 'refused'"), 1);
}

TEST_F(PullServiceTest, SeveralSectionsAreFetchedTogetherAndLoggedInOneGo) {
  PullService service(*store_, *files_, clock_);
  service.record_consent(consent({"tax", "flows", "invoices"})).value();
  const auto pulled = service.pull_sections(request(""), {"tax", "judicial", "flows", "invoices"});
  ASSERT_TRUE(pulled.ok()) << pulled.error().to_string();
  ASSERT_EQ(pulled.value().size(), 4u);
  EXPECT_TRUE(pulled.value()[0].ok());
  EXPECT_EQ(pulled.value()[1].error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(pulled.value()[2].ok());
  EXPECT_TRUE(pulled.value()[3].ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM enterprise_data"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls WHERE outcome = 'applied'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls WHERE outcome = 'refused'"), 1);
  EXPECT_EQ(service.pull_sections(request(""), {"tax", "gossip"}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls"), 4);
}

TEST_F(PullServiceTest, ConsentAllowsItsScopesUntilRevokedOrExpired) {
  PullService service(*store_, *files_, clock_);
  const int64_t id = service.record_consent(consent({"tax", "registration"})).value();
  for (const char* section : {"tax", "registration"}) {
    const auto pulled = service.pull(request(section));
    ASSERT_TRUE(pulled.ok()) << section << ": " << pulled.error().to_string();
    EXPECT_GT(pulled.value().bytes, 0);
  }
  EXPECT_EQ(service.pull(request("judicial")).error().code, ErrorCode::kPermissionDenied);
  PullRequest other_purpose = request("tax");
  other_purpose.purpose = "marketing";
  EXPECT_EQ(service.pull(other_purpose).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(count("SELECT COUNT(*) FROM enterprise_data"), 2);

  EXPECT_EQ(service.revoke_consent(id, "E9999999", "borrower:x").error().code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(service.revoke_consent(id, "E0000001", "borrower:x").ok());
  ASSERT_TRUE(service.revoke_consent(id, "E0000001", "borrower:x").ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM events WHERE event_type = 'consent.revoked'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'consent.grant'"), 1);
  EXPECT_EQ(service.pull(request("tax")).error().code, ErrorCode::kPermissionDenied);

  service.record_consent(consent({"tax"})).value();
  ASSERT_TRUE(service.pull(request("tax")).ok());
  clock_.advance(std::chrono::hours(25));
  EXPECT_EQ(service.pull(request("tax")).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls WHERE outcome = 'applied'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls WHERE outcome = 'refused'"), 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls WHERE actor = 'test:actor' AND purpose <> ''"),
            7);
}

TEST_F(PullServiceTest, InvalidPayloadIsRejectedWithItsReasonAndNeverApplied) {
  PullService good(*store_, *files_, clock_);
  good.record_consent(consent({"flows"})).value();
  ASSERT_TRUE(good.pull(request("flows")).ok());
  const int64_t applied_before = count("SELECT COUNT(*) FROM enterprise_data");

  FixedConnector negative(
      R"({"enterprise_id":"E0000001","section":"flows","rows":[{"month":"2023-01","pos_sales_fen":-5}]})");
  PullService bad(*store_, negative, clock_);
  const auto rejected = bad.pull(request("flows"));
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(count("SELECT COUNT(*) FROM enterprise_data"), applied_before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM enterprise_data WHERE source = 'fixed'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_pulls WHERE outcome = 'rejected'"
                  " AND reason LIKE '%pos_sales_fen%'"),
            1);
}

TEST(PayloadValidationTest, SaysWhatIsWrong) {
  const auto reason = [](std::string_view body, std::string_view section = "flows") {
    const Status s = validate_section_payload(body, "E1", section);
    return s.ok() ? std::string("ok") : s.error().message;
  };
  EXPECT_EQ(reason(R"({"enterprise_id":"E1","section":"flows","rows":[]})"), "ok");
  EXPECT_NE(reason(R"({"enterprise_id":"E1","section":"fl)").find("not a JSON object"),
            std::string::npos);
  EXPECT_NE(
      reason(R"({"enterprise_id":"E2","section":"flows","rows":[]})").find("another enterprise"),
      std::string::npos);
  EXPECT_NE(reason(R"({"enterprise_id":"E1","section":"tax","rows":[]})").find("another section"),
            std::string::npos);
  EXPECT_NE(
      reason(
          R"({"enterprise_id":"E1","section":"flows","rows":[{"month":"2023-02"},{"month":"2023-02"}]})")
          .find("out of order"),
      std::string::npos);
  EXPECT_NE(reason(R"({"enterprise_id":"E1","section":"flows","rows":[{"month":"2023-13"}]})")
                .find("YYYY-MM"),
            std::string::npos);
  EXPECT_NE(reason(R"({"enterprise_id":"E1","section":"flows","rows":[{"utilities_fen":1.5}]})")
                .find("utilities_fen"),
            std::string::npos);
  EXPECT_NE(
      reason(
          R"({"enterprise_id":"E1","section":"registration","rows":[{"uscc":"91350100M000100Y44"}]})",
          "registration")
          .find("check character"),
      std::string::npos);
  EXPECT_NE(
      reason(
          R"({"enterprise_id":"E1","section":"invoices","rows":[{"month":"2023-01","invoices_issued_fen":10}],)"
          R"("issued":[{"month":"2023-01","amount_fen":11}]})",
          "invoices")
          .find("exceed"),
      std::string::npos);
}

}  // namespace
}  // namespace smecredit::connectors

#include "store/migrations.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.h"
#include "tests/support/temp_dir.h"

namespace smecredit::store {
namespace {

const Timestamp kNow{std::chrono::seconds{1'700'000'000}};

int64_t scalar(Store& store, const char* sql) {
  int64_t value = -1;
  EXPECT_TRUE(store
                  .transact(TxMode::kReadOnly,
                            [&](Transaction& tx) -> Status {
                              SC_ASSIGN_OR_RETURN(Rows rows, tx.query(sql, {}));
                              value = rows.at(0).integer(0);
                              return ok_status();
                            })
                  .ok());
  return value;
}

// The scripts are not idempotent on purpose (no IF NOT EXISTS): running one
// twice would fail, so passing twice proves each ran once.
constexpr Migration kTestMigrations[] = {
    {1, "create_widgets", "CREATE TABLE widgets (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"},
    {2, "add_widget_colour", "ALTER TABLE widgets ADD COLUMN colour TEXT"},
};

TEST(MigrationsTest, EachMigrationRunsOnceAndOnlyOnce) {
  testing::TempDir dir;
  auto store = SqliteStore::open({.path = dir.file("m.db")}).value();
  EXPECT_EQ(migrate(*store, kTestMigrations, kNow).value(), 2);
  EXPECT_EQ(migrate(*store, kTestMigrations, kNow).value(), 0);
  EXPECT_EQ(scalar(*store, "SELECT COUNT(*) FROM schema_migrations"), 2);

  auto reopened = SqliteStore::open({.path = dir.file("m.db")}).value();
  EXPECT_EQ(migrate(*reopened, kTestMigrations, kNow).value(), 0);
}

TEST(MigrationsTest, NewMigrationsApplyOnTopOfOldOnes) {
  testing::TempDir dir;
  auto store = SqliteStore::open({.path = dir.file("m.db")}).value();
  EXPECT_EQ(migrate(*store, std::span(kTestMigrations, 1), kNow).value(), 1);
  EXPECT_EQ(migrate(*store, kTestMigrations, kNow).value(), 1);
  EXPECT_EQ(scalar(*store, "SELECT MAX(version) FROM schema_migrations"), 2);
}

TEST(MigrationsTest, AFailingMigrationLeavesNothingBehind) {
  testing::TempDir dir;
  auto store = SqliteStore::open({.path = dir.file("m.db")}).value();
  constexpr Migration broken[] = {
      {1, "half_broken", "CREATE TABLE t1 (id INTEGER); CREATE TABLE t1 (id INTEGER);"}};
  EXPECT_FALSE(migrate(*store, broken, kNow).ok());
  EXPECT_EQ(scalar(*store, "SELECT COUNT(*) FROM schema_migrations"), 0);
  EXPECT_EQ(scalar(*store, "SELECT COUNT(*) FROM sqlite_master WHERE name = 't1'"), 0);
}

TEST(MigrationsTest, RefusesADatabaseFromANewerBuild) {
  testing::TempDir dir;
  auto store = SqliteStore::open({.path = dir.file("m.db")}).value();
  ASSERT_TRUE(migrate(*store, kTestMigrations, kNow).ok());
  const auto older = migrate(*store, std::span(kTestMigrations, 1), kNow);
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.error().code, ErrorCode::kFailedPrecondition);
}

TEST(MigrationsTest, RefusesARenamedMigration) {
  testing::TempDir dir;
  auto store = SqliteStore::open({.path = dir.file("m.db")}).value();
  ASSERT_TRUE(migrate(*store, std::span(kTestMigrations, 1), kNow).ok());
  constexpr Migration renamed[] = {{1, "something_else", "SELECT 1"}};
  EXPECT_EQ(migrate(*store, renamed, kNow).error().code, ErrorCode::kFailedPrecondition);
}

TEST(MigrationsTest, BuiltinSchemaApplies) {
  testing::TempDir dir;
  auto store = SqliteStore::open({.path = dir.file("m.db")}).value();
  const auto applied = migrate(*store, builtin_migrations(), kNow);
  ASSERT_TRUE(applied.ok()) << applied.error().to_string();
  EXPECT_EQ(applied.value(), static_cast<int>(builtin_migrations().size()));
  EXPECT_EQ(scalar(*store, "SELECT COUNT(*) FROM events"), 0);
}

}  // namespace
}  // namespace smecredit::store

#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "tests/support/temp_dir.h"

namespace smecredit::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = SqliteStore::open({.path = dir_.file("test.db")}).value();
    ASSERT_TRUE(
        store_
            ->transact(
                TxMode::kReadWrite,
                [](Transaction& tx) {
                  return tx.execute_script(
                      "CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT NOT NULL UNIQUE,"
                      " balance_fen INTEGER NOT NULL, row_version INTEGER NOT NULL DEFAULT 1)");
                })
            .ok());
  }

  int64_t count_accounts() {
    int64_t count = -1;
    EXPECT_TRUE(store_
                    ->transact(TxMode::kReadOnly,
                               [&](Transaction& tx) -> Status {
                                 SC_ASSIGN_OR_RETURN(Rows rows,
                                                     tx.query("SELECT COUNT(*) FROM accounts", {}));
                                 count = rows[0].integer(0);
                                 return ok_status();
                               })
                    .ok());
    return count;
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, CommitsOnSuccess) {
  ASSERT_TRUE(
      store_
          ->transact(TxMode::kReadWrite,
                     [](Transaction& tx) -> Status {
                       return tx.execute("INSERT INTO accounts (owner, balance_fen) VALUES (?, ?)",
                                         {std::string("a"), int64_t{100}})
                                      .ok()
                                  ? ok_status()
                                  : Error{ErrorCode::kInternal, "insert failed"};
                     })
          .ok());
  EXPECT_EQ(count_accounts(), 1);
  EXPECT_TRUE(store_->ping().ok());
  EXPECT_EQ(store_->dialect(), "sqlite");
}

TEST_F(SqliteStoreTest, RollsBackOnErrorAndOnException) {
  const Status failed = store_->transact(TxMode::kReadWrite, [](Transaction& tx) -> Status {
    SC_RETURN_IF_ERROR(tx.execute("INSERT INTO accounts (owner, balance_fen) VALUES (?, ?)",
                                  {std::string("a"), int64_t{100}}));
    return Error{ErrorCode::kConflict, "rule violated after the insert"};
  });
  EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
  EXPECT_EQ(count_accounts(), 0);

  EXPECT_THROW((void)store_->transact(TxMode::kReadWrite,
                                      [](Transaction& tx) -> Status {
                                        (void)tx.execute(
                                            "INSERT INTO accounts (owner, balance_fen) "
                                            "VALUES (?, ?)",
                                            {std::string("b"), int64_t{1}});
                                        throw std::runtime_error("bug");
                                      }),
               std::runtime_error);
  EXPECT_EQ(count_accounts(), 0);
}

TEST_F(SqliteStoreTest, ValuesAreBoundNeverInterpolated) {
  const std::string hostile = "x'); DROP TABLE accounts; --";
  ASSERT_TRUE(
      store_
          ->transact(TxMode::kReadWrite,
                     [&](Transaction& tx) -> Status {
                       return tx.execute("INSERT INTO accounts (owner, balance_fen) VALUES (?, ?)",
                                         {hostile, int64_t{5}})
                                      .ok()
                                  ? ok_status()
                                  : Error{ErrorCode::kInternal, "insert failed"};
                     })
          .ok());
  std::string stored;
  ASSERT_TRUE(store_
                  ->transact(TxMode::kReadOnly,
                             [&](Transaction& tx) -> Status {
                               SC_ASSIGN_OR_RETURN(Rows rows,
                                                   tx.query("SELECT owner FROM accounts", {}));
                               stored = rows.at(0).text(0);
                               return ok_status();
                             })
                  .ok());
  EXPECT_EQ(stored, hostile);
}

TEST_F(SqliteStoreTest, UniqueViolationIsAlreadyExists) {
  auto insert = [&](const char* owner) {
    return store_->transact(TxMode::kReadWrite, [&](Transaction& tx) -> Status {
      SC_RETURN_IF_ERROR(tx.execute("INSERT INTO accounts (owner, balance_fen) VALUES (?, ?)",
                                    {std::string(owner), int64_t{1}}));
      return ok_status();
    });
  };
  ASSERT_TRUE(insert("dup").ok());
  const Status again = insert("dup");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().message.find("accounts"), std::string::npos) << "no SQL detail leaks";
}

TEST_F(SqliteStoreTest, OptimisticConcurrencyDetectsAStaleVersion) {
  ASSERT_TRUE(store_
                  ->transact(TxMode::kReadWrite,
                             [](Transaction& tx) -> Status {
                               SC_RETURN_IF_ERROR(tx.execute(
                                   "INSERT INTO accounts (id, owner, balance_fen) VALUES (1, ?, ?)",
                                   {std::string("a"), int64_t{100}}));
                               return ok_status();
                             })
                  .ok());
  auto update = [&](int64_t expected_version) {
    return store_->transact(TxMode::kReadWrite, [&](Transaction& tx) -> Status {
      SC_ASSIGN_OR_RETURN(int64_t changed,
                          tx.execute("UPDATE accounts SET balance_fen = balance_fen + 1,"
                                     " row_version = row_version + 1"
                                     " WHERE id = 1 AND row_version = ?",
                                     {expected_version}));
      return expect_one_row_changed(changed, "account");
    });
  };
  EXPECT_TRUE(update(1).ok());
  const Status stale = update(1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(update(2).ok());
}

TEST_F(SqliteStoreTest, ConcurrentWritersSerialiseWithoutLosingUpdates) {
  ASSERT_TRUE(store_
                  ->transact(TxMode::kReadWrite,
                             [](Transaction& tx) -> Status {
                               SC_RETURN_IF_ERROR(tx.execute(
                                   "INSERT INTO accounts (id, owner, balance_fen) VALUES (1, ?, 0)",
                                   {std::string("a")}));
                               return ok_status();
                             })
                  .ok());
  constexpr int kThreads = 4;
  constexpr int kIncrements = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        const Status s = store_->transact(TxMode::kReadWrite, [](Transaction& tx) -> Status {
          SC_ASSIGN_OR_RETURN(Rows rows,
                              tx.query("SELECT balance_fen FROM accounts WHERE id = 1", {}));
          const int64_t next = rows[0].integer(0) + 1;
          SC_RETURN_IF_ERROR(
              tx.execute("UPDATE accounts SET balance_fen = ? WHERE id = 1", {next}));
          return ok_status();
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  int64_t balance = 0;
  ASSERT_TRUE(store_
                  ->transact(TxMode::kReadOnly,
                             [&](Transaction& tx) -> Status {
                               SC_ASSIGN_OR_RETURN(
                                   Rows rows,
                                   tx.query("SELECT balance_fen FROM accounts WHERE id = 1", {}));
                               balance = rows[0].integer(0);
                               return ok_status();
                             })
                  .ok());
  EXPECT_EQ(balance, kThreads * kIncrements);
}

TEST_F(SqliteStoreTest, InsertRowsSpansStatementsAndReturnsEveryRow) {
  // More rows than one statement takes, so the last statement is partial.
  const size_t rows = kMaxRowsPerInsert * 2 + 7;
  std::vector<Value> values;
  for (size_t i = 0; i < rows; ++i) {
    values.insert(values.end(), {"owner-" + std::to_string(i), static_cast<int64_t>(i)});
  }
  Rows returned;
  ASSERT_TRUE(store_
                  ->transact(TxMode::kReadWrite,
                             [&](Transaction& tx) -> Status {
                               SC_ASSIGN_OR_RETURN(
                                   returned, insert_rows(tx, "accounts", {"owner", "balance_fen"},
                                                         values, "RETURNING owner"));
                               return ok_status();
                             })
                  .ok());
  EXPECT_EQ(returned.size(), rows);
  EXPECT_EQ(count_accounts(), static_cast<int64_t>(rows));
  // A row that does not fill its columns is refused before any SQL runs.
  const Status partial = store_->transact(TxMode::kReadWrite, [](Transaction& tx) -> Status {
    SC_RETURN_IF_ERROR(insert_rows(tx, "accounts", {"owner", "balance_fen"}, {std::string("x")}));
    return ok_status();
  });
  EXPECT_EQ(partial.error().code, ErrorCode::kInternal);
  EXPECT_EQ(count_accounts(), static_cast<int64_t>(rows));
}

TEST_F(SqliteStoreTest, UsesWriteAheadLogging) {
  std::string mode;
  ASSERT_TRUE(store_
                  ->transact(TxMode::kReadOnly,
                             [&](Transaction& tx) -> Status {
                               SC_ASSIGN_OR_RETURN(Rows rows, tx.query("PRAGMA journal_mode", {}));
                               mode = rows.at(0).text(0);
                               return ok_status();
                             })
                  .ok());
  EXPECT_EQ(mode, "wal");
}

TEST(SqliteStoreOpenTest, RejectsBadOptions) {
  EXPECT_EQ(SqliteStore::open({.path = ":memory:"}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(SqliteStore::open({.path = "/nonexistent-dir/x/y.db"}).error().code,
            ErrorCode::kUnavailable);
  testing::TempDir dir;
  EXPECT_FALSE(SqliteStore::open({.path = dir.file("a.db"), .synchronous = "OFF"}).ok());
}

}  // namespace
}  // namespace smecredit::store

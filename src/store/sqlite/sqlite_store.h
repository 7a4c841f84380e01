// SqliteStore: the embedded Store, one database file in WAL mode.
//
// Holds a bounded pool of connections; each transact() borrows one for the
// duration of its work (waiting when all are in use). Write transactions
// start with BEGIN IMMEDIATE so that writers queue on the database lock
// instead of failing half-way with SQLITE_BUSY; readers run concurrently
// with the single writer thanks to WAL. `synchronous` defaults to FULL: a
// transaction that returned ok survives a crash or power loss.
//
// Prepared statements are cached per connection (bounded), keyed by SQL text.
//
// Thread-safety: safe for concurrent use by any number of threads.
//
// Example:
//   auto store = SqliteStore::open({.path = "var/smecredit.db"}).value();
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace smecredit::store {

class SqliteConnection;

class SqliteStore final : public Store {
 public:
  struct Options {
    std::string path;            // a file path, or ":memory:" is refused (pool needs one file)
    int pool_size = 4;           // connections; bounds concurrent transactions
    int busy_timeout_ms = 5000;  // how long a writer waits for the lock
    std::string synchronous = "FULL";  // FULL or NORMAL
    // Page cache per connection. SQLite's default (2 MiB) is far below the
    // working set of a batch over a million loans' indexes.
    int64_t cache_size_kib = int64_t{64} * 1024;
  };

  static Result<std::unique_ptr<SqliteStore>> open(const Options& options);
  ~SqliteStore() override;

  Status transact(TxMode mode, const std::function<Status(Transaction&)>& work) override;
  Status ping() override;
  std::string_view dialect() const override { return "sqlite"; }

 private:
  explicit SqliteStore(std::vector<std::unique_ptr<SqliteConnection>> connections);
  std::unique_ptr<SqliteConnection> acquire();
  void release(std::unique_ptr<SqliteConnection> connection);

  std::mutex mutex_;
  std::condition_variable available_;
  std::mutex writer_mutex_;  // held for the whole of a read-write transaction
  std::vector<std::unique_ptr<SqliteConnection>> idle_;  // guarded by mutex_
};

}  // namespace smecredit::store

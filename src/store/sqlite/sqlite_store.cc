#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <string>
#include <unordered_map>

namespace smecredit::store {

namespace {

constexpr size_t kStatementCacheLimit = 256;

Error sqlite_error(sqlite3* db, int rc) {
  const int primary = rc & 0xff;
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Error{ErrorCode::kAlreadyExists, "a record with the same key already exists"};
  }
  if (primary == SQLITE_CONSTRAINT) {
    return Error{ErrorCode::kFailedPrecondition, "a storage constraint was violated"};
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Error{ErrorCode::kUnavailable, "the database is busy; retry"};
  }
  std::string message = "storage error: ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Error{ErrorCode::kInternal, message};
}

}  // namespace

// One sqlite3 handle and its statement cache. Used by one thread at a time.
class SqliteConnection final : public Transaction {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    clear_cache();
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Status exec_plain(const char* sql) {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, sqlite3_extended_errcode(db_));
    return ok_status();
  }

  Result<Rows> query(std::string_view sql, const std::vector<Value>& params) override {
    Rows rows;
    SC_RETURN_IF_ERROR(run(sql, params, &rows));
    return rows;
  }

  Result<int64_t> execute(std::string_view sql, const std::vector<Value>& params) override {
    SC_RETURN_IF_ERROR(run(sql, params, nullptr));
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Status execute_script(std::string_view sql) override {
    return exec_plain(std::string(sql).c_str());
  }

 private:
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    std::string key(sql);
    auto found = cache_.find(key);
    if (found != cache_.end()) return found->second;
    if (cache_.size() >= kStatementCacheLimit) clear_cache();
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc);
    if (tail != nullptr && *tail != '\0') {
      sqlite3_finalize(stmt);
      return Error{ErrorCode::kInternal, "one statement per call (use execute_script for DDL)"};
    }
    cache_.emplace(std::move(key), stmt);
    return stmt;
  }

  Status bind(sqlite3_stmt* stmt, const std::vector<Value>& params) {
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return Error{ErrorCode::kInternal, "parameter count does not match the statement"};
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::monostate>(v)) {
        rc = sqlite3_bind_null(stmt, index);
      } else if (const auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, index, *n);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      } else {
        const Blob& b = std::get<Blob>(v);
        rc = sqlite3_bind_blob64(stmt, index, b.bytes.data(), b.bytes.size(), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return sqlite_error(db_, rc);
    }
    return ok_status();
  }

  static Value column_value(sqlite3_stmt* stmt, int column) {
    switch (sqlite3_column_type(stmt, column)) {
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(stmt, column));
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
        return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
      }
      case SQLITE_BLOB: {
        const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(stmt, column));
        const auto size = static_cast<size_t>(sqlite3_column_bytes(stmt, column));
        return Blob{std::vector<uint8_t>(data, data + size)};
      }
      case SQLITE_NULL:
        return std::monostate{};
      default:  // REAL: the schema never declares one; money is never a float.
        return std::to_string(sqlite3_column_double(stmt, column));
    }
  }

  Status run(std::string_view sql, const std::vector<Value>& params, Rows* rows) {
    SC_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(sql));
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    SC_RETURN_IF_ERROR(bind(stmt, params));
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        const int extended = sqlite3_extended_errcode(db_);
        sqlite3_reset(stmt);
        return sqlite_error(db_, extended);
      }
      if (rows == nullptr) continue;
      const int columns = sqlite3_column_count(stmt);
      std::vector<Value> values;
      values.reserve(static_cast<size_t>(columns));
      for (int c = 0; c < columns; ++c) values.push_back(column_value(stmt, c));
      rows->emplace_back(std::move(values));
    }
    sqlite3_reset(stmt);
    return ok_status();
  }

  void clear_cache() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    cache_.clear();
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

namespace {

Result<std::unique_ptr<SqliteConnection>> open_connection(const SqliteStore::Options& options) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error{ErrorCode::kUnavailable,
                std::string("cannot open database: ") +
                    (db != nullptr ? sqlite3_errmsg(db) : "out of memory")};
    sqlite3_close_v2(db);
    return error;
  }
  auto connection = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  SC_RETURN_IF_ERROR(connection->exec_plain("PRAGMA journal_mode=WAL"));
  const std::string sync = "PRAGMA synchronous=" + options.synchronous;
  SC_RETURN_IF_ERROR(connection->exec_plain(sync.c_str()));
  SC_RETURN_IF_ERROR(connection->exec_plain("PRAGMA foreign_keys=ON"));
  const std::string cache = "PRAGMA cache_size=-" + std::to_string(options.cache_size_kib);
  SC_RETURN_IF_ERROR(connection->exec_plain(cache.c_str()));
  return connection;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const Options& options) {
  if (options.path.empty() || options.path == ":memory:") {
    return Error{ErrorCode::kInvalidArgument, "the SQLite store needs a database file path"};
  }
  if (options.pool_size < 1 || options.pool_size > 64) {
    return Error{ErrorCode::kInvalidArgument, "pool_size must be 1..64"};
  }
  if (options.synchronous != "FULL" && options.synchronous != "NORMAL") {
    return Error{ErrorCode::kInvalidArgument, "synchronous must be FULL or NORMAL"};
  }
  std::vector<std::unique_ptr<SqliteConnection>> connections;
  for (int i = 0; i < options.pool_size; ++i) {
    SC_ASSIGN_OR_RETURN(auto connection, open_connection(options));
    connections.push_back(std::move(connection));
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(connections)));
}

SqliteStore::SqliteStore(std::vector<std::unique_ptr<SqliteConnection>> connections)
    : idle_(std::move(connections)) {}

SqliteStore::~SqliteStore() = default;

std::unique_ptr<SqliteConnection> SqliteStore::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [this] { return !idle_.empty(); });
  auto connection = std::move(idle_.back());
  idle_.pop_back();
  return connection;
}

void SqliteStore::release(std::unique_ptr<SqliteConnection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

Status SqliteStore::transact(TxMode mode, const std::function<Status(Transaction&)>& work) {
  // SQLite admits one writer at a time. Writers of this process queue on a
  // mutex rather than in SQLite's busy handler, whose sleeps (up to 100 ms
  // each) make the tail latency of concurrent requests; other processes
  // still meet the busy timeout. Declared before the lease so that it is
  // released after the lease's ROLLBACK.
  std::unique_lock<std::mutex> writing(writer_mutex_, std::defer_lock);
  if (mode == TxMode::kReadWrite) writing.lock();
  // Returns the connection to the pool on every path, exceptions included.
  struct Lease {
    SqliteStore* store;
    std::unique_ptr<SqliteConnection> connection;
    bool open = false;
    ~Lease() {
      if (open) (void)connection->exec_plain("ROLLBACK");
      store->release(std::move(connection));
    }
  } lease{this, acquire()};

  SC_RETURN_IF_ERROR(
      lease.connection->exec_plain(mode == TxMode::kReadWrite ? "BEGIN IMMEDIATE" : "BEGIN"));
  lease.open = true;
  Status result = work(*lease.connection);
  if (!result.ok()) return result;  // ~Lease rolls back
  SC_RETURN_IF_ERROR(lease.connection->exec_plain("COMMIT"));
  lease.open = false;
  return ok_status();
}

Status SqliteStore::ping() {
  return transact(TxMode::kReadOnly, [](Transaction& tx) -> Status {
    SC_ASSIGN_OR_RETURN(Rows rows, tx.query("SELECT 1", {}));
    if (rows.size() != 1 || rows[0].integer(0) != 1) {
      return Error{ErrorCode::kInternal, "store ping returned an unexpected row"};
    }
    return ok_status();
  });
}

}  // namespace smecredit::store

// The storage interface: transactions over a relational database.
//
// One interface for SQLite (embedded, the default) and PostgreSQL
// (production). SQL handed to it is portable: `?` placeholders (an
// implementation rewrites them for its dialect), standard types (INTEGER,
// BIGINT, TEXT, BLOB), no dialect-only functions. Values are always bound
// parameters; SQL text is never built from values.
//
// Every state change happens inside `transact`: the work function runs in one
// database transaction that commits when it returns ok and rolls back when it
// returns an error (or throws). A `Transaction&` is valid only inside its work
// function and only on the calling thread.
//
// Thread-safety: a Store may be shared by any number of threads; each
// transact() call uses its own connection.
//
// Example:
//   Status s = store.transact(TxMode::kReadWrite, [&](Transaction& tx) -> Status {
//     SC_ASSIGN_OR_RETURN(int64_t changed, tx.execute(
//         "UPDATE loans SET state = ?, row_version = row_version + 1 "
//         "WHERE id = ? AND row_version = ?", {"closed", loan_id, version}));
//     return expect_one_row_changed(changed, "loan");
//   });
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace smecredit::store {

struct Blob {
  std::vector<uint8_t> bytes;
  bool operator==(const Blob&) const = default;
};

// A bound parameter or a column value: NULL, integer, text or bytes.
using Value = std::variant<std::monostate, int64_t, std::string, Blob>;

class Row {
 public:
  explicit Row(std::vector<Value> columns) : columns_(std::move(columns)) {}
  size_t size() const { return columns_.size(); }
  bool is_null(size_t column) const;
  // Typed accessors; a type mismatch is a programmer error (aborts).
  int64_t integer(size_t column) const;
  const std::string& text(size_t column) const;
  const Blob& blob(size_t column) const;
  const Value& value(size_t column) const { return columns_.at(column); }

 private:
  std::vector<Value> columns_;
};

using Rows = std::vector<Row>;

class Transaction {
 public:
  virtual ~Transaction() = default;
  // One statement; returns its rows (empty for statements without results).
  virtual Result<Rows> query(std::string_view sql, const std::vector<Value>& params) = 0;
  // One statement; returns the number of rows it inserted, updated or deleted.
  virtual Result<int64_t> execute(std::string_view sql, const std::vector<Value>& params) = 0;
  // Several statements without parameters; for migrations only.
  virtual Status execute_script(std::string_view sql) = 0;
};

enum class TxMode { kReadOnly, kReadWrite };

class Store {
 public:
  virtual ~Store() = default;
  virtual Status transact(TxMode mode, const std::function<Status(Transaction&)>& work) = 0;
  // Cheap liveness check used by /readyz.
  virtual Status ping() = 0;
  // "sqlite" or "postgres".
  virtual std::string_view dialect() const = 0;
};

// Inserts rows with multi-row INSERT statements, for batches: `values` holds
// the rows one after another, `columns.size()` values each (taken, so pass
// them with std::move); at most
// kMaxRowsPerInsert rows go into one statement. `suffix` is appended to each
// statement (for example "ON CONFLICT (k) DO NOTHING RETURNING id, k"); the
// rows the statements return are concatenated. Table and column names are
// the caller's constants, never values.
inline constexpr size_t kMaxRowsPerInsert = 200;
Result<Rows> insert_rows(Transaction& tx, std::string_view table,
                         const std::vector<std::string_view>& columns, std::vector<Value> values,
                         std::string_view suffix = "");

// Optimistic concurrency: an UPDATE guarded by `row_version = ?` changes
// exactly one row, or someone else changed it first (kConflict) or it does
// not exist.
Status expect_one_row_changed(int64_t rows_changed, std::string_view what);

}  // namespace smecredit::store

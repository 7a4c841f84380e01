// Opens the SQLite store a command works on, creating its folder and
// applying every pending migration first, so each command sees the current
// schema. One way to open a store for `serve`, `eod` and `keys`.
//
// Example:
//   auto store = open_migrated_store({.path = "var/smecredit.db"}, clock.now());
#pragma once

#include <memory>

#include "core/date.h"
#include "core/result.h"
#include "store/sqlite/sqlite_store.h"

namespace smecredit::cli {

struct OpenedStore {
  std::unique_ptr<store::SqliteStore> store;
  int migrations_applied = 0;
};

Result<OpenedStore> open_migrated_store(const store::SqliteStore::Options& options, Timestamp now);

}  // namespace smecredit::cli

// Numbered schema migrations, applied at start-up, each exactly once.
//
// A migration is a versioned SQL script compiled into the binary. `migrate`
// applies, in order, every migration whose version is not yet recorded in the
// `schema_migrations` table; each runs in its own transaction together with
// the row that records it, so a crash leaves it either fully applied or not
// at all, and two processes starting together apply it once. A database that
// records a version this binary does not know is refused (it was written by a
// newer build).
//
// Example:
//   SC_ASSIGN_OR_RETURN(int applied, migrate(store, builtin_migrations(), clock.now()));
#pragma once

#include <span>
#include <string_view>

#include "core/date.h"
#include "core/result.h"
#include "store/store.h"

namespace smecredit::store {

struct Migration {
  int version;            // 1, 2, 3 ... strictly increasing, never reused
  std::string_view name;  // short snake_case description, never changed once released
  // Portable DDL, several statements allowed; `{{identity}}` stands for an
  // auto-assigned 64-bit primary key column type, `{{key}}` for a 64-bit
  // primary key the writer gives, `{{bytes}}` for a byte string.
  std::string_view sql;
  std::string_view sqlite_extra = {};    // appended on SQLite only (e.g. triggers)
  std::string_view postgres_extra = {};  // appended on PostgreSQL only
};

// The platform's own schema, oldest first.
std::span<const Migration> builtin_migrations();

// Applies the pending migrations; returns how many it applied.
Result<int> migrate(Store& store, std::span<const Migration> migrations, Timestamp now);

}  // namespace smecredit::store

#include "cli/open_store.h"

#include <filesystem>

#include "store/migrations.h"

namespace smecredit::cli {

Result<OpenedStore> open_migrated_store(const store::SqliteStore::Options& options, Timestamp now) {
  const std::filesystem::path path(options.path);
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return Error{ErrorCode::kUnavailable, "cannot create " + path.parent_path().string()};
  OpenedStore opened;
  SC_ASSIGN_OR_RETURN(opened.store, store::SqliteStore::open(options));
  SC_ASSIGN_OR_RETURN(opened.migrations_applied,
                      store::migrate(*opened.store, store::builtin_migrations(), now));
  return opened;
}

}  // namespace smecredit::cli

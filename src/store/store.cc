#include "store/store.h"

#include <cstdlib>
#include <string>

namespace smecredit::store {

namespace {
[[noreturn]] void column_type_mismatch() {
  std::fputs("smecredit: store column type mismatch\n", stderr);
  std::abort();
}
}  // namespace

bool Row::is_null(size_t column) const {
  return std::holds_alternative<std::monostate>(columns_.at(column));
}

int64_t Row::integer(size_t column) const {
  const auto* v = std::get_if<int64_t>(&columns_.at(column));
  if (v == nullptr) column_type_mismatch();
  return *v;
}

const std::string& Row::text(size_t column) const {
  const auto* v = std::get_if<std::string>(&columns_.at(column));
  if (v == nullptr) column_type_mismatch();
  return *v;
}

const Blob& Row::blob(size_t column) const {
  const auto* v = std::get_if<Blob>(&columns_.at(column));
  if (v == nullptr) column_type_mismatch();
  return *v;
}

Status expect_one_row_changed(int64_t rows_changed, std::string_view what) {
  if (rows_changed == 1) return ok_status();
  if (rows_changed == 0) {
    return Error{
        ErrorCode::kConflict,
        std::string(what) + " was changed by someone else or does not exist; reload and retry"};
  }
  return Error{ErrorCode::kInternal, std::string(what) + ": more than one row changed"};
}

}  // namespace smecredit::store

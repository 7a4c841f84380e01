#include "store/store.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
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

namespace {

std::string insert_statement(std::string_view table, const std::vector<std::string_view>& columns,
                             size_t rows, std::string_view suffix) {
  std::string row = "(";
  for (size_t c = 0; c < columns.size(); ++c) row += c == 0 ? "?" : ", ?";
  row += ")";
  std::string sql = "INSERT INTO " + std::string(table) + " (";
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c > 0) sql += ", ";
    sql += columns[c];
  }
  sql += ") VALUES ";
  for (size_t r = 0; r < rows; ++r) sql += r == 0 ? row : ", " + row;
  if (!suffix.empty()) sql += " " + std::string(suffix);
  return sql;
}

}  // namespace

Result<Rows> insert_rows(Transaction& tx, std::string_view table,
                         const std::vector<std::string_view>& columns, std::vector<Value> values,
                         std::string_view suffix) {
  const size_t width = columns.size();
  if (width == 0 || values.size() % width != 0) {
    return Error{ErrorCode::kInternal, "insert_rows: values do not fill whole rows"};
  }
  Rows out;
  const size_t total = values.size() / width;
  for (size_t first = 0; first < total; first += kMaxRowsPerInsert) {
    const size_t count = std::min(kMaxRowsPerInsert, total - first);
    const std::vector<Value> params(
        std::make_move_iterator(values.begin() + static_cast<std::ptrdiff_t>(first * width)),
        std::make_move_iterator(values.begin() +
                                static_cast<std::ptrdiff_t>((first + count) * width)));
    SC_ASSIGN_OR_RETURN(Rows rows,
                        tx.query(insert_statement(table, columns, count, suffix), params));
    for (Row& row : rows) out.push_back(std::move(row));
  }
  return out;
}

}  // namespace smecredit::store

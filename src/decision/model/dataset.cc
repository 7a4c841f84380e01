#include "decision/model/dataset.h"

#include <cctype>
#include <charconv>
#include <limits>

namespace smecredit::model {

namespace {

constexpr double kMissingNumber = std::numeric_limits<double>::quiet_NaN();

bool all_numeric(const CsvTable& table, size_t index) {
  for (const auto& row : table.rows) {
    const std::string& text = row[index];
    if (!is_missing_text(text) && !parse_number(text).ok()) return false;
  }
  return true;
}

}  // namespace

std::string_view column_kind_name(ColumnKind kind) {
  return kind == ColumnKind::kNumeric ? "numeric" : "categorical";
}

Result<ColumnKind> parse_column_kind(std::string_view name) {
  if (name == "numeric") return ColumnKind::kNumeric;
  if (name == "categorical") return ColumnKind::kCategorical;
  return Error{ErrorCode::kInvalidArgument,
               std::string("unknown column kind '").append(name) + "'"};
}

const Column* Dataset::find(std::string_view name) const {
  for (const Column& column : columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

bool is_missing_text(std::string_view text) {
  return text.empty() ||
         (text.size() == 2 && std::toupper(static_cast<unsigned char>(text[0])) == 'N' &&
          std::toupper(static_cast<unsigned char>(text[1])) == 'A');
}

Result<double> parse_number(std::string_view text) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') ++begin;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (begin == end || ec != std::errc() || ptr != end || !std::isfinite(value)) {
    return Error{ErrorCode::kInvalidArgument, std::string("'").append(text) + "' is not a number"};
  }
  return value;
}

Dataset dataset_from_csv(const CsvTable& table, std::string_view exclude) {
  Dataset dataset;
  dataset.rows = table.rows.size();
  for (size_t i = 0; i < table.header.size(); ++i) {
    if (table.header[i] == exclude) continue;
    const ColumnKind kind = all_numeric(table, i) ? ColumnKind::kNumeric : ColumnKind::kCategorical;
    dataset.columns.push_back(column_as(table, table.header[i], kind).value());
  }
  return dataset;
}

Result<Column> column_as(const CsvTable& table, std::string_view name, ColumnKind kind) {
  SC_ASSIGN_OR_RETURN(const size_t index, table.column_index(name));
  Column column;
  column.name = std::string(name);
  column.kind = kind;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const std::string& text = table.rows[r][index];
    const bool missing = is_missing_text(text);
    if (kind == ColumnKind::kCategorical) {
      column.categories.push_back(missing ? std::string() : text);
      continue;
    }
    if (missing) {
      column.numbers.push_back(kMissingNumber);
      continue;
    }
    auto number = parse_number(text);
    if (!number.ok()) {
      return Error{ErrorCode::kInvalidArgument, "column '" + column.name + "', data row " +
                                                    std::to_string(r + 1) + ": " +
                                                    number.error().message};
    }
    column.numbers.push_back(number.value());
  }
  return column;
}

Result<std::vector<int>> binary_labels(const CsvTable& table, std::string_view label,
                                       std::string_view positive) {
  SC_ASSIGN_OR_RETURN(const size_t index, table.column_index(label));
  std::vector<int> labels;
  labels.reserve(table.rows.size());
  size_t positives = 0;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const std::string& text = table.rows[r][index];
    if (is_missing_text(text)) {
      return Error{
          ErrorCode::kInvalidArgument,
          std::string("label '").append(label) + "' missing in data row " + std::to_string(r + 1)};
    }
    labels.push_back(text == positive ? 1 : 0);
    positives += labels.back();
  }
  if (positives == 0 || positives == labels.size()) {
    return Error{ErrorCode::kInvalidArgument,
                 std::string("label '").append(label) + "' needs both classes; positive value '" +
                     std::string(positive) + "' found in " + std::to_string(positives) + " rows"};
  }
  return labels;
}

}  // namespace smecredit::model

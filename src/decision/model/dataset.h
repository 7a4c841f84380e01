// Typed columns for training and scoring, built from a CsvTable.
//
// A column is numeric when every present value parses as a finite decimal
// number; otherwise it is categorical. A value is missing when it is empty or
// "NA" (case-insensitive). Numeric columns hold NaN for missing values;
// categorical columns hold the text, with "" for missing.
#pragma once

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "decision/model/csv.h"

namespace smecredit::model {

enum class ColumnKind { kNumeric, kCategorical };

std::string_view column_kind_name(ColumnKind kind);  // "numeric", "categorical"
Result<ColumnKind> parse_column_kind(std::string_view name);

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::kNumeric;
  std::vector<double> numbers;          // kNumeric: one per row, NaN when missing
  std::vector<std::string> categories;  // kCategorical: one per row, "" when missing

  size_t size() const { return kind == ColumnKind::kNumeric ? numbers.size() : categories.size(); }
  bool is_missing(size_t row) const {
    return kind == ColumnKind::kNumeric ? std::isnan(numbers[row]) : categories[row].empty();
  }
};

struct Dataset {
  std::vector<Column> columns;
  size_t rows = 0;

  const Column* find(std::string_view name) const;
};

// True for "" and "NA" in any case.
bool is_missing_text(std::string_view text);

// Parses a finite decimal number ("12", "-3.5", "1e3"); kInvalidArgument otherwise.
Result<double> parse_number(std::string_view text);

// Every column of `table` except `exclude` (e.g. the label), kinds detected.
Dataset dataset_from_csv(const CsvTable& table, std::string_view exclude);

// Column `name` of `table` converted to `kind` (as a trained model expects).
// A categorical column takes any text; a numeric one fails on a value that is
// neither missing nor a number, naming the data line.
Result<Column> column_as(const CsvTable& table, std::string_view name, ColumnKind kind);

// 1 where column `label` equals `positive` (the "bad" outcome), else 0.
// Errors: no such column, a missing label, or only one class present.
Result<std::vector<int>> binary_labels(const CsvTable& table, std::string_view label,
                                       std::string_view positive);

}  // namespace smecredit::model

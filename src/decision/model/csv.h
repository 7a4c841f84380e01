// A small RFC 4180 CSV reader and writer for model training and evaluation
// data (e.g. ../shared/data/german_credit.csv).
//
// Contract: the first record is the header; every record has as many fields
// as the header. Fields may be quoted with '"' (a doubled quote inside is one
// quote; commas and line breaks inside quotes are data). Lines end in LF or
// CRLF; blank lines are skipped. Malformed input is an
// kInvalidArgument error naming the line (1-based, counting physical lines).
// Pure: parses text it is given; reading the file is the caller's business.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace smecredit::model {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each exactly header.size() fields

  // Index of the column named `name`, or kNotFound.
  Result<size_t> column_index(std::string_view name) const;
};

// Parses `text`. Errors: "line 7: expected 21 fields, found 20", an
// unterminated quote, text after a closing quote, an empty or duplicate header.
Result<CsvTable> parse_csv(std::string_view text);

// One record as RFC 4180 text with a trailing "\n"; fields holding a comma,
// a quote or a line break are quoted.
std::string format_csv_record(const std::vector<std::string>& fields);

}  // namespace smecredit::model

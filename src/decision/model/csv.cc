#include "decision/model/csv.h"

#include <unordered_set>

namespace smecredit::model {

namespace {

Error csv_error(size_t line, const std::string& what) {
  return Error{ErrorCode::kInvalidArgument, "line " + std::to_string(line) + ": " + what};
}

// Reads records one at a time; `line_` counts physical lines for messages.
class CsvParser {
 public:
  explicit CsvParser(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ >= text_.size(); }
  size_t line() const { return line_; }

  // Parses one record starting at the current position into `fields`.
  Status next_record(std::vector<std::string>* fields) {
    fields->clear();
    record_line_ = line_;
    while (true) {
      std::string field;
      SC_RETURN_IF_ERROR(next_field(&field));
      fields->push_back(std::move(field));
      if (at_end()) return ok_status();
      const char c = text_[pos_++];
      if (c == ',') continue;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return ok_status();
    }
  }

  size_t record_line() const { return record_line_; }

 private:
  Status next_field(std::string* field) {
    if (!at_end() && text_[pos_] == '"') return quoted_field(field);
    while (!at_end()) {
      const char c = text_[pos_];
      if (c == ',' || c == '\n' || c == '\r') break;
      if (c == '"') return csv_error(line_, "quote inside an unquoted field");
      field->push_back(c);
      ++pos_;
    }
    return ok_status();
  }

  Status quoted_field(std::string* field) {
    const size_t opened_line = line_;
    ++pos_;
    while (true) {
      if (at_end()) return csv_error(opened_line, "unterminated quoted field");
      const char c = text_[pos_++];
      if (c == '"') {
        if (!at_end() && text_[pos_] == '"') {
          field->push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n') ++line_;
      field->push_back(c);
    }
    if (!at_end() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
      return csv_error(line_, "text after a closing quote");
    }
    return ok_status();
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 1;
};

bool is_blank_tail(std::string_view rest) {
  return rest.find_first_not_of("\r\n") == std::string_view::npos;
}

Status check_header(const std::vector<std::string>& header) {
  std::unordered_set<std::string> seen;
  for (const std::string& name : header) {
    if (name.empty()) return csv_error(1, "empty column name in the header");
    if (!seen.insert(name).second) return csv_error(1, "duplicate column '" + name + "'");
  }
  return ok_status();
}

}  // namespace

Result<size_t> CsvTable::column_index(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return Error{ErrorCode::kNotFound, std::string("no column named '").append(name) + "'"};
}

Result<CsvTable> parse_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (is_blank_tail(text)) return csv_error(1, "no header");
  CsvParser parser(text);
  CsvTable table;
  SC_RETURN_IF_ERROR(parser.next_record(&table.header));
  SC_RETURN_IF_ERROR(check_header(table.header));
  std::vector<std::string> fields;
  while (!parser.at_end()) {
    SC_RETURN_IF_ERROR(parser.next_record(&fields));
    if (fields.size() == 1 && fields[0].empty() && table.header.size() > 1) {
      continue;  // a blank line
    }
    if (fields.size() != table.header.size()) {
      return csv_error(parser.record_line(), "expected " + std::to_string(table.header.size()) +
                                                 " fields, found " + std::to_string(fields.size()));
    }
    table.rows.push_back(fields);
  }
  return table;
}

std::string format_csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    const std::string& field = fields[i];
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
      out += field;
      continue;
    }
    out.push_back('"');
    for (const char c : field) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('\n');
  return out;
}

}  // namespace smecredit::model

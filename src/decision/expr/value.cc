#include "decision/expr/value.h"

#include <algorithm>

namespace smecredit::decision {

namespace {

void append_json_string(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (byte < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[byte >> 4]);
      out->push_back(kHex[byte & 0xf]);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

// The same text as Decimal::to_string(), without its temporaries.
void append_decimal(const Decimal& d, std::string* out) {
  const int64_t m = d.mantissa();
  uint64_t magnitude = m < 0 ? uint64_t{0} - static_cast<uint64_t>(m) : static_cast<uint64_t>(m);
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  const int scale = d.scale();
  while (n <= scale) digits[n++] = '0';
  if (m < 0) out->push_back('-');
  for (int i = n - 1; i >= 0; --i) {
    out->push_back(digits[i]);
    if (i == scale && scale > 0) out->push_back('.');
  }
}

void append_json(const Value& value, std::string* out) {
  switch (value.kind()) {
    case ValueKind::kNull:
      out->append("null");
      return;
    case ValueKind::kBool:
      out->append(value.as_bool() ? "true" : "false");
      return;
    case ValueKind::kNumber:
      append_decimal(value.as_number(), out);
      return;
    case ValueKind::kString:
      append_json_string(value.as_string(), out);
      return;
    case ValueKind::kDate:
      append_json_string(format_date(value.as_date()), out);
      return;
    case ValueKind::kArray: {
      out->push_back('[');
      bool first = true;
      for (const Value& item : value.as_array()) {
        if (!first) out->push_back(',');
        first = false;
        append_json(item, out);
      }
      out->push_back(']');
      return;
    }
    case ValueKind::kObject: {
      out->push_back('{');
      bool first = true;
      for (const auto& [name, item] : value.as_object()) {
        if (!first) out->push_back(',');
        first = false;
        append_json_string(name, out);
        out->push_back(':');
        append_json(item, out);
      }
      out->push_back('}');
      return;
    }
  }
}

}  // namespace

std::string_view value_kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return "bool";
    case ValueKind::kNumber:
      return "number";
    case ValueKind::kString:
      return "string";
    case ValueKind::kDate:
      return "date";
    case ValueKind::kArray:
      return "array";
    case ValueKind::kObject:
      return "object";
  }
  return "unknown";
}

Value Value::array(ValueArray items) {
  return Value(
      Storage(std::in_place_index<5>, std::make_shared<const ValueArray>(std::move(items))));
}

Value Value::object(ValueFields fields) {
  std::sort(fields.begin(), fields.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return Value(
      Storage(std::in_place_index<6>, std::make_shared<const ValueFields>(std::move(fields))));
}

Value Value::field(std::string_view name) const {
  if (kind() != ValueKind::kObject) return Value();
  const ValueFields& fields = as_object();
  auto it =
      std::lower_bound(fields.begin(), fields.end(), name,
                       [](const auto& field, std::string_view key) { return field.first < key; });
  if (it == fields.end() || it->first != name) return Value();
  return it->second;
}

bool Value::operator==(const Value& other) const {
  if (kind() != other.kind()) return false;
  switch (kind()) {
    case ValueKind::kNull:
      return true;
    case ValueKind::kBool:
      return as_bool() == other.as_bool();
    case ValueKind::kNumber:
      return as_number() == other.as_number();
    case ValueKind::kString:
      return as_string() == other.as_string();
    case ValueKind::kDate:
      return as_date() == other.as_date();
    case ValueKind::kArray:
      return as_array() == other.as_array();
    case ValueKind::kObject:
      return as_object() == other.as_object();
  }
  return false;
}

std::string Value::to_json() const {
  std::string out;
  append_json(*this, &out);
  return out;
}

void Value::append_json_to(std::string* out) const {
  append_json(*this, out);
}

}  // namespace smecredit::decision

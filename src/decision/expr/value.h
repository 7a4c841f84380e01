// Value: what an expression computes and what a policy's inputs hold.
//
// A value is null, a boolean, an exact decimal number (core Decimal), a
// string, a civil date, an array of values or an object (a record with named
// fields, e.g. one existing obligation). Strings, arrays and objects are
// immutable and shared, so copying a value never copies its contents.
//
// Money enters expressions as a Decimal amount of major units (12.30 for
// 12.30 CNY); it becomes Money again only where a policy outputs an amount.
// There is no floating point in a Value.
//
// Thread-safety: immutable once built; safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/date.h"
#include "core/decimal.h"

namespace smecredit::decision {

class Value;
using ValueArray = std::vector<Value>;
// Fields sorted by name (make_object sorts them), looked up by binary search.
using ValueFields = std::vector<std::pair<std::string, Value>>;

enum class ValueKind { kNull, kBool, kNumber, kString, kDate, kArray, kObject };

// "null", "bool", "number", "string", "date", "array", "object".
std::string_view value_kind_name(ValueKind kind);

class Value {
 public:
  Value() = default;
  static Value boolean(bool b) { return Value(Storage(std::in_place_index<1>, b)); }
  static Value number(const Decimal& d) { return Value(Storage(std::in_place_index<2>, d)); }
  static Value string(std::string s) {
    return Value(
        Storage(std::in_place_index<3>, std::make_shared<const std::string>(std::move(s))));
  }
  static Value date(Date d) { return Value(Storage(std::in_place_index<4>, d)); }
  static Value array(ValueArray items);
  static Value object(ValueFields fields);

  ValueKind kind() const { return static_cast<ValueKind>(storage_.index()); }
  bool is_null() const { return storage_.index() == 0; }

  // Accessors; calling one of the wrong kind is a programmer error.
  bool as_bool() const { return std::get<1>(storage_); }
  const Decimal& as_number() const { return std::get<2>(storage_); }
  const std::string& as_string() const { return *std::get<3>(storage_); }
  Date as_date() const { return std::get<4>(storage_); }
  const ValueArray& as_array() const { return *std::get<5>(storage_); }
  const ValueFields& as_object() const { return *std::get<6>(storage_); }

  // The field's value, or null when the object has no such field.
  Value field(std::string_view name) const;

  // Structural equality (numbers by value: 1.50 == 1.5). Null equals null.
  bool operator==(const Value& other) const;

  // Canonical JSON: null, true, "text", numbers as JSON numbers with their
  // scale ("1.50"), dates as "YYYY-MM-DD" strings, fields in name order.
  std::string to_json() const;
  // Appends the same text to *out.
  void append_json_to(std::string* out) const;

 private:
  // Strings are shared like arrays: copying a value never copies text.
  using Storage =
      std::variant<std::monostate, bool, Decimal, std::shared_ptr<const std::string>, Date,
                   std::shared_ptr<const ValueArray>, std::shared_ptr<const ValueFields>>;
  explicit Value(Storage storage) : storage_(std::move(storage)) {}

  Storage storage_;
};

}  // namespace smecredit::decision

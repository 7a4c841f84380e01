// Reading policy documents and applications with RapidJSON: typed field
// access whose errors carry the JSON pointer of the field, line:column of
// parse errors, and JSON values to expression Values.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "core/decimal.h"
#include "core/result.h"
#include "decision/expr/value.h"

namespace smecredit::decision {

using Json = rapidjson::Value;

// Parses `text` into *doc; an error names "JSON LINE:COLUMN".
Status parse_json_text(std::string_view text, rapidjson::Document* doc);

Error error_at(std::string_view pointer, std::string_view message);

// Field `key` of object `object` (at `pointer`); nullptr when absent.
const Json* member(const Json& object, const char* key);

Result<std::string> read_string(const Json& object, const char* key, const std::string& pointer,
                                bool required = true);
Result<int> read_int(const Json& object, const char* key, const std::string& pointer, int min,
                     int max);
// A decimal from a JSON string "0.025" or an integer.
Result<Decimal> read_decimal(const Json& object, const char* key, const std::string& pointer);
const Json* read_array(const Json& object, const char* key);

// JSON text as a Value: numbers exact (Decimal from their literal text; an
// exponent or more than 18 fraction digits is an error), strings, booleans,
// null, arrays and objects (nesting at most kMaxJsonDepth).
inline constexpr int kMaxJsonDepth = 32;
Result<Value> parse_json_value(std::string_view text);

}  // namespace smecredit::decision

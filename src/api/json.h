// JSON in and out, on RapidJSON (docs/decisions/0002-json-library.md).
//
// Parsing is iterative (no recursion, so deep nesting cannot overflow the
// stack), bounded in size by the server's body limit and in depth here, and
// reports the byte offset of the first error. Writing goes through
// RapidJSON's Writer, which escapes every string.
//
// Example:
//   Result<rapidjson::Document> doc = parse_json_object(request.body);
//   JsonBuffer buffer; JsonWriter w(buffer);
//   w.StartObject(); w.Key("status"); w.String("ok"); w.EndObject();
//   std::string body = buffer.GetString();
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>

#include "core/result.h"

namespace smecredit::api {

using JsonBuffer = rapidjson::StringBuffer;
using JsonWriter = rapidjson::Writer<JsonBuffer>;

inline constexpr int kMaxJsonDepth = 32;

// Parses text that must be one JSON object, at most kMaxJsonDepth deep.
Result<rapidjson::Document> parse_json_object(std::string_view text);

// Members of a parsed request body. Errors name the member:
// "amount: required", "installments: must be an integer".
Result<std::string> required_string(const rapidjson::Value& object, const char* name);
// Empty when absent; an error when present but not a string.
Result<std::string> optional_string(const rapidjson::Value& object, const char* name);
Result<int64_t> required_int(const rapidjson::Value& object, const char* name);

// Writes "key":"value" into the object being written.
void write_field(JsonWriter& writer, std::string_view key, std::string_view value);

// {"key":"value"} for the common one-field bodies.
std::string json_object_with_string(std::string_view key, std::string_view value);

// An amount of yuan in fen as the API writes money: 444244 -> "4442.44".
std::string yuan_text(int64_t fen);

}  // namespace smecredit::api

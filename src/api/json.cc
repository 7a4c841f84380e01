#include "api/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include "core/money.h"

namespace smecredit::api {

namespace {

// Measures nesting depth with RapidJSON's SAX reader before building a DOM.
struct DepthProbe : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, DepthProbe> {
  int depth = 0;
  int max_depth = 0;
  bool Default() { return true; }
  bool StartObject() { return enter(); }
  bool EndObject(rapidjson::SizeType) { return leave(); }
  bool StartArray() { return enter(); }
  bool EndArray(rapidjson::SizeType) { return leave(); }
  bool enter() {
    ++depth;
    max_depth = depth > max_depth ? depth : max_depth;
    return depth <= kMaxJsonDepth;
  }
  bool leave() {
    --depth;
    return true;
  }
};

constexpr unsigned kParseFlags =
    rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;

}  // namespace

Result<rapidjson::Document> parse_json_object(std::string_view text) {
  DepthProbe probe;
  rapidjson::Reader reader;
  rapidjson::MemoryStream probe_stream(text.data(), text.size());
  const rapidjson::ParseResult probed = reader.Parse<kParseFlags>(probe_stream, probe);
  if (probe.max_depth > kMaxJsonDepth) {
    return Error{ErrorCode::kInvalidArgument,
                 "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
  }
  if (probed.IsError()) {
    return Error{ErrorCode::kInvalidArgument, std::string("malformed JSON at byte ") +
                                                  std::to_string(probed.Offset()) + ": " +
                                                  rapidjson::GetParseError_En(probed.Code())};
  }
  rapidjson::Document document;
  document.Parse<kParseFlags>(text.data(), text.size());
  if (document.HasParseError() || !document.IsObject()) {
    return Error{ErrorCode::kInvalidArgument, "the request body must be a JSON object"};
  }
  return document;
}

Result<std::string> optional_string(const rapidjson::Value& object, const char* name) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd() || it->value.IsNull()) return std::string();
  if (!it->value.IsString()) {
    return Error{ErrorCode::kInvalidArgument, std::string(name) + ": must be a string"};
  }
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

Result<std::string> required_string(const rapidjson::Value& object, const char* name) {
  SC_ASSIGN_OR_RETURN(std::string value, optional_string(object, name));
  if (value.empty()) return Error{ErrorCode::kInvalidArgument, std::string(name) + ": required"};
  return value;
}

Result<int64_t> required_int(const rapidjson::Value& object, const char* name) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd()) {
    return Error{ErrorCode::kInvalidArgument, std::string(name) + ": required"};
  }
  if (!it->value.IsInt64()) {
    return Error{ErrorCode::kInvalidArgument, std::string(name) + ": must be an integer"};
  }
  return it->value.GetInt64();
}

void write_field(JsonWriter& writer, std::string_view key, std::string_view value) {
  writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

std::string json_object_with_string(std::string_view key, std::string_view value) {
  JsonBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  write_field(writer, key, value);
  writer.EndObject();
  return buffer.GetString();
}

std::string yuan_text(int64_t fen) {
  return Money::from_minor_units(fen, kCny).to_string();
}

}  // namespace smecredit::api

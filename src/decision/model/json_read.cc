#include "decision/model/json_read.h"

#include <charconv>
#include <cmath>

namespace smecredit::model::json {

namespace {

Error bad(const std::string& where, const std::string& what) {
  return Error{ErrorCode::kInvalidArgument, where + " " + what};
}

template <class T>
Result<T> from_text(const rapidjson::Value& value, const std::string& where) {
  if (!value.IsString()) return bad(where, "is not a number");
  const char* begin = value.GetString();
  const char* end = begin + value.GetStringLength();
  T out{};
  const auto [ptr, ec] = std::from_chars(begin, end, out);
  if (begin == end || ec != std::errc() || ptr != end) return bad(where, "is not a number");
  return out;
}

}  // namespace

Result<rapidjson::Document> parse(std::string_view text) {
  rapidjson::Document document;
  document.Parse<rapidjson::kParseNumbersAsStringsFlag>(text.data(), text.size());
  if (document.HasParseError()) {
    return Error{ErrorCode::kInvalidArgument,
                 "not JSON (at byte " + std::to_string(document.GetErrorOffset()) + ")"};
  }
  if (!document.IsObject()) return Error{ErrorCode::kInvalidArgument, "not a JSON object"};
  return document;
}

Result<const rapidjson::Value*> member(const rapidjson::Value& object, const char* key,
                                       const std::string& where) {
  if (!object.IsObject()) return bad(where, "is not an object");
  const auto found = object.FindMember(key);
  if (found == object.MemberEnd()) return bad(where, std::string("has no \"") + key + "\"");
  return &found->value;
}

Result<std::string> string_member(const rapidjson::Value& object, const char* key,
                                  const std::string& where) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* value, member(object, key, where));
  if (!value->IsString()) return bad(where + "." + key, "is not a string");
  return std::string(value->GetString(), value->GetStringLength());
}

Result<double> to_double(const rapidjson::Value& value, const std::string& where) {
  if (value.IsNumber()) return value.GetDouble();
  SC_ASSIGN_OR_RETURN(const double out, from_text<double>(value, where));
  if (!std::isfinite(out)) return bad(where, "is not finite");
  return out;
}

Result<float> to_float(const rapidjson::Value& value, const std::string& where) {
  if (value.IsNumber()) return static_cast<float>(value.GetDouble());
  return from_text<float>(value, where);
}

Result<int64_t> to_int(const rapidjson::Value& value, const std::string& where) {
  if (value.IsInt64()) return value.GetInt64();
  if (value.IsBool()) return value.GetBool() ? 1 : 0;
  return from_text<int64_t>(value, where);
}

Result<double> double_member(const rapidjson::Value& object, const char* key,
                             const std::string& where) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* value, member(object, key, where));
  return to_double(*value, where + "." + key);
}

Result<int64_t> int_member(const rapidjson::Value& object, const char* key,
                           const std::string& where) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* value, member(object, key, where));
  return to_int(*value, where + "." + key);
}

}  // namespace smecredit::model::json

// Small readers over rapidjson values shared by the model formats. Numbers
// are accepted as JSON numbers or as their decimal text (documents are parsed
// with kParseNumbersAsStringsFlag so floats convert exactly). Each error names
// the member path given in `where`.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace smecredit::model::json {

// Parses `text` keeping numbers as text; error with the byte offset.
Result<rapidjson::Document> parse(std::string_view text);

Result<const rapidjson::Value*> member(const rapidjson::Value& object, const char* key,
                                       const std::string& where);
Result<std::string> string_member(const rapidjson::Value& object, const char* key,
                                  const std::string& where);

Result<double> to_double(const rapidjson::Value& value, const std::string& where);
Result<float> to_float(const rapidjson::Value& value, const std::string& where);
Result<int64_t> to_int(const rapidjson::Value& value, const std::string& where);

Result<double> double_member(const rapidjson::Value& object, const char* key,
                             const std::string& where);
Result<int64_t> int_member(const rapidjson::Value& object, const char* key,
                           const std::string& where);

// A member that is an array; each element converted by `convert`.
template <class T, class Convert>
Result<std::vector<T>> array_member(const rapidjson::Value& object, const char* key,
                                    const std::string& where, Convert convert) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* array, member(object, key, where));
  const std::string path = where + "." + key;
  if (!array->IsArray()) return Error{ErrorCode::kInvalidArgument, path + " is not an array"};
  std::vector<T> out;
  out.reserve(array->Size());
  for (rapidjson::SizeType i = 0; i < array->Size(); ++i) {
    SC_ASSIGN_OR_RETURN(T value, convert((*array)[i], path + "[" + std::to_string(i) + "]"));
    out.push_back(value);
  }
  return out;
}

}  // namespace smecredit::model::json

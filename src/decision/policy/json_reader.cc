#include "decision/policy/json_reader.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <vector>

namespace smecredit::decision {

namespace {

std::string line_column(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1;
  int column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

// Builds a Value from SAX events; numbers arrive as their text.
class ValueBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ValueBuilder> {
 public:
  bool Null() { return add(Value()); }
  bool Bool(bool b) { return add(Value::boolean(b)); }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    Result<Decimal> d = Decimal::parse(std::string_view(text, length));
    if (!d.ok()) {
      error_ = "number " + std::string(text, length) + " is not an exact decimal";
      return false;
    }
    return add(Value::number(d.value()));
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    return add(Value::string(std::string(text, length)));
  }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    frames_.back().key.assign(text, length);
    return true;
  }
  bool StartObject() { return push(true); }
  bool EndObject(rapidjson::SizeType) { return pop(); }
  bool StartArray() { return push(false); }
  bool EndArray(rapidjson::SizeType) { return pop(); }

  Value& root() { return root_; }
  const std::string& error() const { return error_; }

 private:
  struct Frame {
    bool is_object = false;
    std::string key;
    ValueArray items;
    ValueFields fields;
  };

  bool add(Value v) {
    if (frames_.empty()) {
      root_ = std::move(v);
    } else if (frames_.back().is_object) {
      frames_.back().fields.emplace_back(std::move(frames_.back().key), std::move(v));
    } else {
      frames_.back().items.push_back(std::move(v));
    }
    return true;
  }
  bool push(bool is_object) {
    if (frames_.size() >= static_cast<size_t>(kMaxJsonDepth)) {
      error_ = "nested too deeply";
      return false;
    }
    frames_.emplace_back();
    frames_.back().is_object = is_object;
    return true;
  }
  bool pop() {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    if (frame.is_object) {
      std::sort(frame.fields.begin(), frame.fields.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (size_t i = 1; i < frame.fields.size(); ++i) {
        if (frame.fields[i].first == frame.fields[i - 1].first) {
          error_ = "duplicate key '" + frame.fields[i].first + "'";
          return false;
        }
      }
      return add(Value::object(std::move(frame.fields)));
    }
    return add(Value::array(std::move(frame.items)));
  }

  std::vector<Frame> frames_;
  Value root_;
  std::string error_;
};

}  // namespace

Status parse_json_text(std::string_view text, rapidjson::Document* doc) {
  doc->Parse<rapidjson::kParseStopWhenDoneFlag>(text.data(), text.size());
  if (!doc->HasParseError()) return ok_status();
  return Error{ErrorCode::kInvalidArgument, "JSON " + line_column(text, doc->GetErrorOffset()) +
                                                ": " +
                                                rapidjson::GetParseError_En(doc->GetParseError())};
}

Result<Value> parse_json_value(std::string_view text) {
  ValueBuilder builder;
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::ParseResult result =
      reader.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseStopWhenDoneFlag>(
          stream, builder);
  if (result) return std::move(builder.root());
  const std::string why =
      builder.error().empty() ? rapidjson::GetParseError_En(result.Code()) : builder.error();
  return Error{ErrorCode::kInvalidArgument,
               "JSON " + line_column(text, result.Offset()) + ": " + why};
}

Error error_at(std::string_view pointer, std::string_view message) {
  return Error{ErrorCode::kInvalidArgument,
               std::string(pointer.empty() ? "/" : pointer) + ": " + std::string(message)};
}

const Json* member(const Json& object, const char* key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

Result<std::string> read_string(const Json& object, const char* key, const std::string& pointer,
                                bool required) {
  const Json* v = member(object, key);
  if (v == nullptr) {
    if (!required) return std::string();
    return error_at(pointer + "/" + key, "required");
  }
  if (!v->IsString()) return error_at(pointer + "/" + key, "must be a string");
  return std::string(v->GetString(), v->GetStringLength());
}

Result<int> read_int(const Json& object, const char* key, const std::string& pointer, int min,
                     int max) {
  const Json* v = member(object, key);
  if (v == nullptr || !v->IsInt() || v->GetInt() < min || v->GetInt() > max) {
    return error_at(pointer + "/" + key,
                    "must be an integer in " + std::to_string(min) + ".." + std::to_string(max));
  }
  return v->GetInt();
}

Result<Decimal> read_decimal(const Json& object, const char* key, const std::string& pointer) {
  const Json* v = member(object, key);
  const std::string at = pointer + "/" + key;
  if (v == nullptr) return error_at(at, "required");
  if (v->IsInt64()) return Decimal::from_int(v->GetInt64());
  if (!v->IsString()) return error_at(at, "must be a decimal string such as \"0.025\"");
  Result<Decimal> d = Decimal::parse(std::string_view(v->GetString(), v->GetStringLength()));
  if (!d.ok()) return error_at(at, d.error().message);
  return d;
}

const Json* read_array(const Json& object, const char* key) {
  const Json* v = member(object, key);
  return v != nullptr && v->IsArray() ? v : nullptr;
}

}  // namespace smecredit::decision

#include "api/log.h"

#include "api/json.h"

namespace smecredit::api {

namespace {
std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void write_string(JsonWriter& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}
}  // namespace

Result<LogLevel> parse_log_level(std::string_view text) {
  if (text == "debug") return LogLevel::kDebug;
  if (text == "info") return LogLevel::kInfo;
  if (text == "warn") return LogLevel::kWarn;
  if (text == "error") return LogLevel::kError;
  return Error{ErrorCode::kInvalidArgument, "log level must be debug, info, warn or error"};
}

void Logger::write(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
  if (!enabled(level)) return;
  JsonBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  writer.Key("ts");
  write_string(writer, format_timestamp(clock_.now()));
  writer.Key("level");
  write_string(writer, level_name(level));
  writer.Key("event");
  write_string(writer, event);
  for (const LogField& field : fields) {
    writer.Key(field.key.data(), static_cast<rapidjson::SizeType>(field.key.size()));
    if (const auto* i = std::get_if<int64_t>(&field.value)) {
      writer.Int64(*i);
    } else if (const auto* s = std::get_if<std::string_view>(&field.value)) {
      write_string(writer, *s);
    } else if (const auto* d = std::get_if<double>(&field.value)) {
      writer.Double(*d);
    } else {
      writer.Bool(std::get<bool>(field.value));
    }
  }
  writer.EndObject();
  std::lock_guard lock(mutex_);
  std::fwrite(buffer.GetString(), 1, buffer.GetSize(), sink_);
  std::fputc('\n', sink_);
  std::fflush(sink_);
}

}  // namespace smecredit::api

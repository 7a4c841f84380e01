// Structured logs: one JSON object per line.
//
// Every line has "ts" (UTC, from the injected Clock), "level" and "event";
// callers add typed fields. Never pass personal data or secrets as a field:
// log ids and codes, not names, phone numbers or keys (mask with
// core/mask.h where a value must appear at all).
//
// Thread-safety: write() may be called from any thread; lines never interleave.
//
// Example:
//   logger.write(LogLevel::kInfo, "request", {{"route", "/healthz"}, {"status", int64_t{200}}});
#pragma once

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>

#include "core/clock.h"
#include "core/result.h"

namespace smecredit::api {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

Result<LogLevel> parse_log_level(std::string_view text);

struct LogField {
  std::string_view key;
  std::variant<int64_t, std::string_view, double, bool> value;
};

class Logger {
 public:
  // `sink` is borrowed and must outlive the logger; `clock` likewise.
  Logger(std::FILE* sink, const Clock& clock, LogLevel min_level)
      : sink_(sink), clock_(clock), min_level_(min_level) {}

  void write(LogLevel level, std::string_view event, std::initializer_list<LogField> fields);
  bool enabled(LogLevel level) const { return level >= min_level_; }

 private:
  std::FILE* sink_;
  const Clock& clock_;
  LogLevel min_level_;
  std::mutex mutex_;
};

}  // namespace smecredit::api

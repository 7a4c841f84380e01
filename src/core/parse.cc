#include "core/parse.h"

#include <charconv>
#include <string>

namespace smecredit {

Result<int64_t> parse_int64(std::string_view text, std::string_view what, int64_t min,
                            int64_t max) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || stop != end || value < min || value > max) {
    return Error{ErrorCode::kInvalidArgument, std::string(what) + " must be an integer in " +
                                                  std::to_string(min) + ".." + std::to_string(max)};
  }
  return value;
}

}  // namespace smecredit

#include "core/mask.h"

#include <vector>

namespace smecredit {

namespace {

// Byte offsets where each UTF-8 code point starts (continuation bytes are
// 10xxxxxx); invalid UTF-8 is treated byte by byte, which still masks it.
std::vector<size_t> code_point_starts(std::string_view value) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < value.size(); ++i) {
    if ((static_cast<unsigned char>(value[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  return starts;
}

}  // namespace

std::string mask_middle(std::string_view value, size_t keep_front, size_t keep_back) {
  const std::vector<size_t> starts = code_point_starts(value);
  const size_t count = starts.size();
  if (count <= keep_front + keep_back) return std::string(count, '*');
  const size_t front_end = keep_front == 0 ? 0 : starts[keep_front];
  const size_t back_begin = keep_back == 0 ? value.size() : starts[count - keep_back];
  std::string masked(value.substr(0, front_end));
  masked.append(count - keep_front - keep_back, '*');
  masked.append(value.substr(back_begin));
  return masked;
}

}  // namespace smecredit

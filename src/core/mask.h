// Masking personal data for display and logs: keep a few characters at each
// end, replace the rest with '*'. Counts UTF-8 code points, so Chinese names
// are never cut mid-character.
//
// Example:
//   mask_middle("张三", 1, 0);                  // "张*"
//   mask_middle("110101199003071234", 4, 4);  // "1101**********1234"
//   mask_middle("13800138000", 3, 4);         // "138****8000"
#pragma once

#include <string>
#include <string_view>

namespace smecredit {

// When the value has no more code points than keep_front + keep_back, every
// code point is masked: a short value is not shown at all.
std::string mask_middle(std::string_view value, size_t keep_front, size_t keep_back);

}  // namespace smecredit

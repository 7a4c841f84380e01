// Strict parsing of integers from text (flags, configuration, query strings).
//
// The whole text must be a decimal integer (an optional '-', then digits: no
// spaces, no '+', no "0x") within [min, max]; anything else is
// kInvalidArgument with a message that names `what` and the range.
//
// Example:
//   Result<int64_t> limit = parse_int64("50", "limit", 1, 1000);
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"

namespace smecredit {

Result<int64_t> parse_int64(std::string_view text, std::string_view what, int64_t min, int64_t max);

}  // namespace smecredit

// base64url (RFC 4648 §5) without padding, as used in bearer tokens.
//
// Example:
//   base64url_encode("hi")            // "aGk"
//   base64url_decode("aGk").value()   // "hi"
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace smecredit::security {

std::string base64url_encode(std::string_view bytes);
// Rejects padding, characters outside the alphabet, impossible lengths and
// non-canonical trailing bits, so each byte string has exactly one encoding.
Result<std::string> base64url_decode(std::string_view text);

}  // namespace smecredit::security

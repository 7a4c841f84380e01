// Randomness for secrets (API keys, token ids, nonces) from OpenSSL's CSPRNG,
// which the operating system seeds. Thread-safe.
//
// Example:
//   std::string secret = random_token(32);   // 43 base64url characters
#pragma once

#include <cstddef>
#include <string>

namespace smecredit::security {

// `count` random bytes. Aborts if the CSPRNG cannot produce them: running on
// without randomness would issue guessable credentials.
std::string random_bytes(size_t count);

// base64url of `byte_count` random bytes: safe in headers, URLs and JSON.
std::string random_token(size_t byte_count);

}  // namespace smecredit::security

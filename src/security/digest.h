// Message digests and MACs for credentials and evidence.
//
// SHA-256 of API-key secrets and contract documents; HMAC-SHA-256 for signed
// bearer tokens and webhook signatures. Stateless and thread-safe.
//
// Example:
//   Sha256 digest = sha256("contract text");
//   std::string tag = to_hex(hmac_sha256(key, payload));
//   if (!constant_time_equal(tag, presented)) return denied;
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace smecredit::security {

using Sha256 = std::array<uint8_t, 32>;

Sha256 sha256(std::string_view data);
Sha256 hmac_sha256(std::string_view key, std::string_view data);

// Lower-case hex of any bytes.
std::string to_hex(std::span<const uint8_t> bytes);

// Equality whose running time does not depend on where the inputs differ
// (it does depend on their lengths, which are not secret here).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace smecredit::security

// Encryption of personal data at rest: AES-256-GCM with associated data.
//
// Names, ID numbers, phone numbers and bank accounts are sealed before they
// reach the store and opened only where a handler needs the clear text. The
// associated data binds a ciphertext to its place (e.g. "enterprise:42:name"),
// so a sealed value copied into another row or column fails to open.
//
// Sealed format (base64url text, so it fits TEXT columns):
//   version (1 byte, 0x01) || nonce (12 random bytes) || ciphertext || tag (16)
//
// Thread-safety: a DataSealer is immutable after creation; share it freely.
// It owns a copy of the key and wipes it when destroyed.
//
// Example:
//   DataSealer sealer = DataSealer::from_hex(config.data_key).value();
//   std::string stored = sealer.seal("张三", "enterprise:42:legal_rep");
//   std::string name = sealer.open(stored, "enterprise:42:legal_rep").value();
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace smecredit::security {

class DataSealer {
 public:
  // `key_hex` is 64 hex digits (a 256-bit key).
  static Result<DataSealer> from_hex(std::string_view key_hex);
  // A fresh random key: for tests and for a first demo start.
  static DataSealer random();

  DataSealer(const DataSealer&) = default;
  DataSealer& operator=(const DataSealer&) = default;
  ~DataSealer();

  std::string seal(std::string_view plaintext, std::string_view associated_data) const;
  // kInvalidArgument when the text is not a sealed value, kPermissionDenied
  // when authentication fails (wrong key, tampered, or wrong associated data).
  Result<std::string> open(std::string_view sealed, std::string_view associated_data) const;

 private:
  explicit DataSealer(std::string key) : key_(std::move(key)) {}
  std::string key_;  // 32 bytes
};

}  // namespace smecredit::security

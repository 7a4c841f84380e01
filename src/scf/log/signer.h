// Signatures for log entries and checkpoints: Ed25519 through OpenSSL 3.
//
// A participant (core enterprise, supplier, funder, the platform itself)
// holds a SigningKey; everyone else checks with its 32-byte public key. The
// signature covers the exact bytes given, so callers sign canonical bytes.
// SM2 (the Chinese national standard) is the planned alternative behind the
// same interface.
//
// Ownership and thread-safety: a SigningKey owns its OpenSSL key and may be
// used by one thread at a time; verify_signature is a free function, safe
// from any thread.
//
// Example:
//   SigningKey key = SigningKey::generate().value();
//   Signature sig = key.sign(bytes).value();
//   Status ok = verify_signature(key.public_key(), bytes, sig);
#pragma once

#include <array>
#include <memory>

#include "core/result.h"
#include "scf/merkle/hash.h"

namespace smecredit::scf {

inline constexpr size_t kPublicKeyBytes = 32;
inline constexpr size_t kSignatureBytes = 64;
using PublicKey = std::array<uint8_t, kPublicKeyBytes>;
using Signature = std::array<uint8_t, kSignatureBytes>;
using PrivateSeed = std::array<uint8_t, 32>;

class SigningKey {
 public:
  static Result<SigningKey> generate();
  // The same key every time for the same 32-byte seed (RFC 8032 private key).
  static Result<SigningKey> from_seed(const PrivateSeed& seed);

  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

  const PublicKey& public_key() const { return public_key_; }
  Result<Signature> sign(ByteSpan message) const;

 private:
  struct Handle;
  SigningKey(std::unique_ptr<Handle> handle, const PublicKey& public_key);

  std::unique_ptr<Handle> handle_;
  PublicKey public_key_{};
};

// ok when `signature` is `public_key`'s signature of `message`;
// kPermissionDenied when it is not.
Status verify_signature(const PublicKey& public_key, ByteSpan message, const Signature& signature);

}  // namespace smecredit::scf

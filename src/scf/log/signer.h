// Signatures for log entries, checkpoints and contracts: Ed25519 (the
// default) or SM2 (GB/T 32918, the Chinese national standard, with SM3 and
// the default distinguishing ID "1234567812345678"), both through OpenSSL 3.
//
// A participant (core enterprise, supplier, funder, the platform itself)
// holds a SigningKey; everyone else checks with its public key. A public
// key's encoding names its scheme: 32 bytes is Ed25519, 65 bytes beginning
// 0x04 is an SM2 point (04 ‖ X ‖ Y), so a key written as hex needs no
// separate scheme field and entries written before SM2 existed still parse.
// Signatures are 64 bytes in both schemes (SM2's r ‖ s, each 32 bytes
// big-endian, rather than DER), and cover the exact bytes given, so callers
// sign canonical bytes.
//
// Ownership and thread-safety: a SigningKey owns its OpenSSL key and may be
// used by one thread at a time; PublicKey is a value; verify_signature is a
// free function, safe from any thread.
//
// Example:
//   SigningKey key = SigningKey::generate(SignatureScheme::kSm2).value();
//   Signature sig = key.sign(bytes).value();
//   Status ok = verify_signature(key.public_key(), bytes, sig);
//   std::string hex = to_hex(key.public_key().bytes());   // 130 digits
#pragma once

#include <array>
#include <memory>
#include <string_view>

#include "core/result.h"
#include "scf/merkle/hash.h"

namespace smecredit::scf {

enum class SignatureScheme : uint8_t { kEd25519, kSm2 };

// "ed25519", "sm2".
std::string_view signature_scheme_name(SignatureScheme scheme);
Result<SignatureScheme> parse_signature_scheme(std::string_view name);

inline constexpr size_t kEd25519PublicKeyBytes = 32;
inline constexpr size_t kSm2PublicKeyBytes = 65;
inline constexpr size_t kSignatureBytes = 64;
using Signature = std::array<uint8_t, kSignatureBytes>;
// An Ed25519 private key (RFC 8032) or an SM2 private scalar in [1, n - 2].
using PrivateSeed = std::array<uint8_t, 32>;

class PublicKey {
 public:
  // The empty key: verifies nothing. Default state of records not yet read.
  PublicKey() = default;
  // kInvalidArgument unless `bytes` is a 32-byte Ed25519 key or a 65-byte
  // uncompressed SM2 point (whether the point is on the curve is checked
  // when a signature is verified).
  static Result<PublicKey> from_bytes(ByteSpan bytes);
  // The same from hex: 64 digits (Ed25519) or 130 digits beginning 04 (SM2).
  static Result<PublicKey> from_hex(std::string_view hex);

  SignatureScheme scheme() const { return scheme_; }
  ByteSpan bytes() const { return ByteSpan(bytes_.data(), size_); }
  bool empty() const { return size_ == 0; }

  friend bool operator==(const PublicKey&, const PublicKey&) = default;

 private:
  SignatureScheme scheme_ = SignatureScheme::kEd25519;
  std::array<uint8_t, kSm2PublicKeyBytes> bytes_{};
  uint8_t size_ = 0;
};

class SigningKey {
 public:
  static Result<SigningKey> generate(SignatureScheme scheme = SignatureScheme::kEd25519);
  // The same key every time for the same seed and scheme. For SM2 a seed
  // outside [1, n - 2] is kInvalidArgument.
  static Result<SigningKey> from_seed(const PrivateSeed& seed,
                                      SignatureScheme scheme = SignatureScheme::kEd25519);

  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

  const PublicKey& public_key() const { return public_key_; }
  SignatureScheme scheme() const { return public_key_.scheme(); }
  // Ed25519 is deterministic; SM2 draws a fresh nonce for every signature.
  Result<Signature> sign(ByteSpan message) const;

 private:
  struct Handle;
  SigningKey(std::unique_ptr<Handle> handle, const PublicKey& public_key);

  std::unique_ptr<Handle> handle_;
  PublicKey public_key_;
};

// ok when `signature` is `public_key`'s signature of `message`;
// kPermissionDenied when it is not; kInvalidArgument when the key is not a
// usable key of its scheme.
Status verify_signature(const PublicKey& public_key, ByteSpan message, const Signature& signature);

}  // namespace smecredit::scf

// Hashing for the verifiable log: SHA-256 (default) or SM3, RFC 9162 style.
//
// A `Digest` is the 32-byte output of either algorithm. A `Hasher` computes
// the three hashes a Merkle tree needs, with the domain separation of
// RFC 9162 §2.1.1:
//   leaf_hash(entry)        = H(0x00 || entry)
//   node_hash(left, right)  = H(0x01 || left || right)
//   empty_root()            = H("")          (the root of the empty tree)
// Both algorithms come from OpenSSL 3's default provider through EVP; SM3 is
// the Chinese national standard hash (GB/T 32905-2016).
//
// Ownership and thread-safety: a Hasher owns one OpenSSL digest context and is
// not safe for concurrent use; give each thread its own (creating one is
// cheap). Hasher is movable, not copyable.
//
// Example:
//   Hasher hasher = Hasher::create(HashAlgorithm::kSm3).value();
//   Digest leaf = hasher.leaf_hash(entry_bytes);
//   Digest parent = hasher.node_hash(leaf, leaf);
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "core/result.h"

namespace smecredit::scf {

inline constexpr size_t kDigestBytes = 32;
using Digest = std::array<uint8_t, kDigestBytes>;
using ByteSpan = std::span<const uint8_t>;

enum class HashAlgorithm { kSha256, kSm3 };

// "sha256" or "sm3"; anything else is kInvalidArgument.
Result<HashAlgorithm> parse_hash_algorithm(std::string_view name);
// The name parse_hash_algorithm accepts: "sha256", "sm3".
std::string_view hash_algorithm_name(HashAlgorithm algorithm);

class Hasher {
 public:
  // kUnavailable when the OpenSSL provider does not offer the algorithm.
  static Result<Hasher> create(HashAlgorithm algorithm);

  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  ~Hasher();

  HashAlgorithm algorithm() const { return algorithm_; }

  // H(data), no prefix.
  Digest hash(ByteSpan data);
  // H(0x00 || entry).
  Digest leaf_hash(ByteSpan entry);
  // H(0x01 || left || right).
  Digest node_hash(const Digest& left, const Digest& right);
  // H(""), the Merkle tree hash of zero leaves.
  Digest empty_root();

 private:
  struct OpenSsl;
  Hasher(HashAlgorithm algorithm, std::unique_ptr<OpenSsl> openssl);
  Digest hash_parts(ByteSpan first, ByteSpan second);

  HashAlgorithm algorithm_;
  std::unique_ptr<OpenSsl> openssl_;
};

}  // namespace smecredit::scf

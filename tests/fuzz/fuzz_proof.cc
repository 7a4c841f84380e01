// libFuzzer entry point: arbitrary bytes as proofs, sizes, roots and hex for
// the verifiers and parsers of src/scf/merkle. Nothing may crash, hang or
// trip a sanitizer; a proof built from random bytes is (by overwhelming
// probability) rejected, so "valid" results are not asserted.
//
// Input layout: byte 0 picks the hash and the target; bytes 1-16 give two
// 64-bit numbers (index/size or size1/size2); bytes 17-80 two digests; the
// rest is the proof (raw bytes, or hex text for the text parsers).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "scf/merkle/hash.h"
#include "scf/merkle/hex.h"
#include "scf/merkle/verify.h"

namespace {

using smecredit::scf::Digest;
using smecredit::scf::HashAlgorithm;
using smecredit::scf::Hasher;

constexpr size_t kHeaderBytes = 1 + 16 + 64;

uint64_t read_u64(const uint8_t* data) {
  uint64_t value = 0;
  std::memcpy(&value, data, sizeof(value));
  return value;
}

Digest read_digest(const uint8_t* data) {
  Digest digest;
  std::memcpy(digest.data(), data, digest.size());
  return digest;
}

void fuzz_text(std::string_view text) {
  (void)smecredit::scf::proof_from_hex(text);
  (void)smecredit::scf::entries_from_hex_lines(text);
  (void)smecredit::scf::digest_from_hex(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < kHeaderBytes) return 0;
  static Hasher sha256 = Hasher::create(HashAlgorithm::kSha256).value();
  static Hasher sm3 = Hasher::create(HashAlgorithm::kSm3).value();
  Hasher& hasher = (data[0] & 1) != 0 ? sm3 : sha256;
  const uint64_t a = read_u64(data + 1);
  const uint64_t b = read_u64(data + 9);
  const Digest first = read_digest(data + 17);
  const Digest second = read_digest(data + 49);
  const uint8_t* rest = data + kHeaderBytes;
  const size_t rest_size = size - kHeaderBytes;
  // Small sizes reach the interesting branches more often than random 64-bit ones.
  const bool small = (data[0] & 4) != 0;
  const uint64_t x = small ? a % 4096 : a;
  const uint64_t y = small ? b % 4096 : b;

  if ((data[0] & 2) != 0) {
    fuzz_text(std::string_view(reinterpret_cast<const char*>(rest), rest_size));
    return 0;
  }
  auto proof = smecredit::scf::proof_from_bytes({rest, rest_size});
  if (!proof.ok()) return 0;
  (void)smecredit::scf::verify_inclusion(hasher, first, x, y, proof.value(), second);
  (void)smecredit::scf::verify_consistency(hasher, x, y, first, second, proof.value());
  return 0;
}

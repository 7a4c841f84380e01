#include "scf/merkle/hash.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace smecredit::scf {

namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

const char* openssl_name(HashAlgorithm algorithm) {
  return algorithm == HashAlgorithm::kSm3 ? "SM3" : "SHA256";
}

// A failure inside OpenSSL after the context was set up means memory
// exhaustion or a broken library: not an expected failure.
void check_openssl(int rc) {
  if (rc != 1) {
    std::fputs("smecredit: OpenSSL digest call failed\n", stderr);
    std::abort();
  }
}

}  // namespace

struct Hasher::OpenSsl {
  EVP_MD* md = nullptr;
  EVP_MD_CTX* ctx = nullptr;

  ~OpenSsl() {
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
  }
};

Result<HashAlgorithm> parse_hash_algorithm(std::string_view name) {
  if (name == "sha256") return HashAlgorithm::kSha256;
  if (name == "sm3") return HashAlgorithm::kSm3;
  return Error{ErrorCode::kInvalidArgument,
               "unknown hash \"" + std::string(name) + "\"; expected sha256 or sm3"};
}

std::string_view hash_algorithm_name(HashAlgorithm algorithm) {
  return algorithm == HashAlgorithm::kSm3 ? "sm3" : "sha256";
}

Result<Hasher> Hasher::create(HashAlgorithm algorithm) {
  auto openssl = std::make_unique<OpenSsl>();
  openssl->md = EVP_MD_fetch(nullptr, openssl_name(algorithm), nullptr);
  openssl->ctx = EVP_MD_CTX_new();
  if (openssl->md == nullptr || openssl->ctx == nullptr ||
      EVP_MD_get_size(openssl->md) != static_cast<int>(kDigestBytes)) {
    return Error{ErrorCode::kUnavailable, std::string("OpenSSL does not provide ") +
                                              openssl_name(algorithm) + " with a 32-byte digest"};
  }
  return Hasher(algorithm, std::move(openssl));
}

Hasher::Hasher(HashAlgorithm algorithm, std::unique_ptr<OpenSsl> openssl)
    : algorithm_(algorithm), openssl_(std::move(openssl)) {}
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;
Hasher::~Hasher() = default;

Digest Hasher::hash_parts(ByteSpan first, ByteSpan second) {
  check_openssl(EVP_DigestInit_ex2(openssl_->ctx, openssl_->md, nullptr));
  check_openssl(EVP_DigestUpdate(openssl_->ctx, first.data(), first.size()));
  check_openssl(EVP_DigestUpdate(openssl_->ctx, second.data(), second.size()));
  Digest out;
  unsigned int length = 0;
  check_openssl(EVP_DigestFinal_ex(openssl_->ctx, out.data(), &length));
  return out;
}

Digest Hasher::hash(ByteSpan data) {
  return hash_parts(data, {});
}

Digest Hasher::leaf_hash(ByteSpan entry) {
  const uint8_t prefix[1] = {kLeafPrefix};
  return hash_parts(prefix, entry);
}

Digest Hasher::node_hash(const Digest& left, const Digest& right) {
  std::array<uint8_t, 1 + 2 * kDigestBytes> input;
  input[0] = kNodePrefix;
  std::copy(left.begin(), left.end(), input.begin() + 1);
  std::copy(right.begin(), right.end(), input.begin() + 1 + kDigestBytes);
  return hash(input);
}

Digest Hasher::empty_root() {
  return hash({});
}

}  // namespace smecredit::scf

#include "security/sealed.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdlib>
#include <memory>

#include "security/base64url.h"
#include "security/random.h"

namespace smecredit::security {

namespace {

constexpr char kVersion = 0x01;
constexpr size_t kKeyBytes = 32;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* bytes(std::string& s) {
  return reinterpret_cast<unsigned char*>(s.data());
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Runs one GCM pass over `input` into `output`, with the associated data.
bool gcm_update(EVP_CIPHER_CTX* ctx, bool encrypt, std::string_view aad, std::string_view input,
                std::string& output) {
  int length = 0;
  const auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
  if (!aad.empty() &&
      update(ctx, nullptr, &length, bytes(aad), static_cast<int>(aad.size())) != 1) {
    return false;
  }
  output.resize(input.size());
  if (!input.empty() &&
      update(ctx, bytes(output), &length, bytes(input), static_cast<int>(input.size())) != 1) {
    return false;
  }
  return true;
}

}  // namespace

Result<DataSealer> DataSealer::from_hex(std::string_view key_hex) {
  if (key_hex.size() != kKeyBytes * 2) {
    return Error{ErrorCode::kInvalidArgument, "the data key must be 64 hex digits"};
  }
  std::string key(kKeyBytes, '\0');
  for (size_t i = 0; i < kKeyBytes; ++i) {
    const int high = hex_value(key_hex[2 * i]);
    const int low = hex_value(key_hex[2 * i + 1]);
    if (high < 0 || low < 0) {
      return Error{ErrorCode::kInvalidArgument, "the data key must be 64 hex digits"};
    }
    key[i] = static_cast<char>(high * 16 + low);
  }
  return DataSealer(std::move(key));
}

DataSealer DataSealer::random() {
  return DataSealer(random_bytes(kKeyBytes));
}

DataSealer::~DataSealer() {
  OPENSSL_cleanse(key_.data(), key_.size());
}

std::string DataSealer::seal(std::string_view plaintext, std::string_view associated_data) const {
  const std::string nonce = random_bytes(kNonceBytes);
  CipherContext ctx(EVP_CIPHER_CTX_new());
  std::string ciphertext;
  std::string tag(kTagBytes, '\0');
  int length = 0;
  const bool ok =
      ctx &&
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) == 1 &&
      gcm_update(ctx.get(), true, associated_data, plaintext, ciphertext) &&
      EVP_EncryptFinal_ex(ctx.get(), nullptr, &length) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, bytes(tag)) == 1;
  // Encryption with a valid key cannot fail short of a broken OpenSSL.
  if (!ok) std::abort();
  std::string raw;
  raw.reserve(1 + kNonceBytes + ciphertext.size() + kTagBytes);
  raw.push_back(kVersion);
  raw += nonce;
  raw += ciphertext;
  raw += tag;
  return base64url_encode(raw);
}

Result<std::string> DataSealer::open(std::string_view sealed,
                                     std::string_view associated_data) const {
  SC_ASSIGN_OR_RETURN(std::string raw, base64url_decode(sealed));
  if (raw.size() < 1 + kNonceBytes + kTagBytes || raw[0] != kVersion) {
    return Error{ErrorCode::kInvalidArgument, "not a sealed value"};
  }
  const std::string_view view(raw);
  const std::string_view nonce = view.substr(1, kNonceBytes);
  const std::string_view body =
      view.substr(1 + kNonceBytes, raw.size() - 1 - kNonceBytes - kTagBytes);
  std::string tag(view.substr(raw.size() - kTagBytes));
  CipherContext ctx(EVP_CIPHER_CTX_new());
  std::string plaintext;
  int length = 0;
  const bool ok =
      ctx &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) == 1 &&
      gcm_update(ctx.get(), false, associated_data, body, plaintext) &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, bytes(tag)) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), nullptr, &length) == 1;
  if (!ok) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return Error{ErrorCode::kPermissionDenied, "a sealed value failed authentication"};
  }
  return plaintext;
}

}  // namespace smecredit::security

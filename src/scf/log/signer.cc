#include "scf/log/signer.h"

#include <openssl/evp.h>

namespace smecredit::scf {

struct SigningKey::Handle {
  EVP_PKEY* key = nullptr;
  ~Handle() { EVP_PKEY_free(key); }
};

namespace {

struct DigestContext {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~DigestContext() { EVP_MD_CTX_free(ctx); }
};

Error crypto_failure(const char* what) {
  return Error{ErrorCode::kInternal, std::string("Ed25519 ") + what + " failed"};
}

}  // namespace

SigningKey::SigningKey(std::unique_ptr<Handle> handle, const PublicKey& public_key)
    : handle_(std::move(handle)), public_key_(public_key) {}
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

Result<SigningKey> SigningKey::from_seed(const PrivateSeed& seed) {
  auto handle = std::make_unique<Handle>();
  handle->key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size());
  if (handle->key == nullptr) return crypto_failure("key import");
  PublicKey public_key{};
  size_t length = public_key.size();
  if (EVP_PKEY_get_raw_public_key(handle->key, public_key.data(), &length) != 1 ||
      length != public_key.size()) {
    return crypto_failure("public key export");
  }
  return SigningKey(std::move(handle), public_key);
}

Result<SigningKey> SigningKey::generate() {
  EVP_PKEY* generated = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (generated == nullptr) return crypto_failure("key generation");
  PrivateSeed seed{};
  size_t length = seed.size();
  const int exported = EVP_PKEY_get_raw_private_key(generated, seed.data(), &length);
  EVP_PKEY_free(generated);
  if (exported != 1 || length != seed.size()) return crypto_failure("private key export");
  return from_seed(seed);
}

Result<Signature> SigningKey::sign(ByteSpan message) const {
  DigestContext context;
  Signature signature{};
  size_t length = signature.size();
  if (context.ctx == nullptr ||
      EVP_DigestSignInit(context.ctx, nullptr, nullptr, nullptr, handle_->key) != 1 ||
      EVP_DigestSign(context.ctx, signature.data(), &length, message.data(), message.size()) != 1 ||
      length != signature.size()) {
    return crypto_failure("signing");
  }
  return signature;
}

Status verify_signature(const PublicKey& public_key, ByteSpan message, const Signature& signature) {
  EVP_PKEY* key =
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size());
  if (key == nullptr) return Error{ErrorCode::kInvalidArgument, "not an Ed25519 public key"};
  DigestContext context;
  const bool valid = context.ctx != nullptr &&
                     EVP_DigestVerifyInit(context.ctx, nullptr, nullptr, nullptr, key) == 1 &&
                     EVP_DigestVerify(context.ctx, signature.data(), signature.size(),
                                      message.data(), message.size()) == 1;
  EVP_PKEY_free(key);
  if (!valid) return Error{ErrorCode::kPermissionDenied, "signature does not verify"};
  return ok_status();
}

}  // namespace smecredit::scf

#include "scf/log/signer.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include "scf/merkle/hex.h"

namespace smecredit::scf {

struct SigningKey::Handle {
  EVP_PKEY* key = nullptr;
  ~Handle() { EVP_PKEY_free(key); }
};

namespace {

// GB/T 32918.2's default distinguishing identifier, hashed into every SM2
// signature (Z_A); signer and verifier must use the same one.
constexpr unsigned char kSm2Id[] = "1234567812345678";
constexpr size_t kSm2IdBytes = sizeof(kSm2Id) - 1;
constexpr size_t kScalarBytes = 32;
// A fresh 32-byte scalar is outside [1, n - 2] with probability ~2^-32.
constexpr int kMaxKeygenAttempts = 16;

Error crypto_failure(SignatureScheme scheme, const char* what) {
  return Error{ErrorCode::kInternal,
               std::string(signature_scheme_name(scheme)) + " " + what + " failed"};
}

// Owners of OpenSSL objects, freed on every path.
struct MdContext {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~MdContext() { EVP_MD_CTX_free(ctx); }
};
struct PkeyContext {
  EVP_PKEY_CTX* ctx = nullptr;
  ~PkeyContext() { EVP_PKEY_CTX_free(ctx); }
};
struct Pkey {
  EVP_PKEY* key = nullptr;
  ~Pkey() { EVP_PKEY_free(key); }
};
struct Bignum {
  BIGNUM* bn = nullptr;
  ~Bignum() { BN_free(bn); }
};
struct Group {
  EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_sm2);
  ~Group() { EC_GROUP_free(group); }
};
struct Point {
  EC_POINT* point = nullptr;
  ~Point() { EC_POINT_free(point); }
};
struct ParamBuilder {
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  ~ParamBuilder() {
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
  }
};
struct EcdsaSig {
  ECDSA_SIG* sig = nullptr;
  ~EcdsaSig() { ECDSA_SIG_free(sig); }
};

// An SM2 key from OSSL_PARAMs (a key pair or a public key alone).
Result<EVP_PKEY*> sm2_from_params(ParamBuilder& built, int selection) {
  built.params = OSSL_PARAM_BLD_to_param(built.builder);
  PkeyContext context{EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr)};
  EVP_PKEY* key = nullptr;
  if (built.params == nullptr || context.ctx == nullptr ||
      EVP_PKEY_fromdata_init(context.ctx) != 1 ||
      EVP_PKEY_fromdata(context.ctx, &key, selection, built.params) != 1) {
    return Error{ErrorCode::kInvalidArgument, "not a usable SM2 key"};
  }
  return key;
}

// d·G for the private scalar d, checked to lie in [1, n - 2].
Result<std::array<uint8_t, kSm2PublicKeyBytes>> sm2_public_point(const Group& group,
                                                                 const BIGNUM* scalar) {
  Bignum max_scalar{BN_dup(EC_GROUP_get0_order(group.group))};
  if (max_scalar.bn == nullptr || BN_sub_word(max_scalar.bn, 2) != 1) {
    return crypto_failure(SignatureScheme::kSm2, "curve setup");
  }
  if (BN_is_zero(scalar) || BN_cmp(scalar, max_scalar.bn) > 0) {
    return Error{ErrorCode::kInvalidArgument, "SM2 private key is outside [1, n - 2]"};
  }
  Point point{EC_POINT_new(group.group)};
  std::array<uint8_t, kSm2PublicKeyBytes> encoded{};
  if (point.point == nullptr ||
      EC_POINT_mul(group.group, point.point, scalar, nullptr, nullptr, nullptr) != 1 ||
      EC_POINT_point2oct(group.group, point.point, POINT_CONVERSION_UNCOMPRESSED, encoded.data(),
                         encoded.size(), nullptr) != encoded.size()) {
    return crypto_failure(SignatureScheme::kSm2, "public key derivation");
  }
  return encoded;
}

Result<EVP_PKEY*> sm2_private_key(const PrivateSeed& seed, PublicKey& public_key) {
  Group group;
  Bignum scalar{BN_bin2bn(seed.data(), static_cast<int>(seed.size()), nullptr)};
  if (group.group == nullptr || scalar.bn == nullptr) {
    return crypto_failure(SignatureScheme::kSm2, "key import");
  }
  SC_ASSIGN_OR_RETURN(const auto point, sm2_public_point(group, scalar.bn));
  ParamBuilder built;
  if (built.builder == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(built.builder, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0) != 1 ||
      OSSL_PARAM_BLD_push_BN(built.builder, OSSL_PKEY_PARAM_PRIV_KEY, scalar.bn) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(built.builder, OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return crypto_failure(SignatureScheme::kSm2, "key import");
  }
  SC_ASSIGN_OR_RETURN(public_key, PublicKey::from_bytes(point));
  return sm2_from_params(built, EVP_PKEY_KEYPAIR);
}

Result<EVP_PKEY*> ed25519_private_key(const PrivateSeed& seed, PublicKey& public_key) {
  EVP_PKEY* key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size());
  if (key == nullptr) return crypto_failure(SignatureScheme::kEd25519, "key import");
  std::array<uint8_t, kEd25519PublicKeyBytes> raw{};
  size_t length = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, raw.data(), &length) != 1 || length != raw.size()) {
    EVP_PKEY_free(key);
    return crypto_failure(SignatureScheme::kEd25519, "public key export");
  }
  public_key = PublicKey::from_bytes(raw).value();
  return key;
}

Result<EVP_PKEY*> verifying_key(const PublicKey& public_key) {
  if (public_key.empty()) return Error{ErrorCode::kInvalidArgument, "no public key"};
  const ByteSpan bytes = public_key.bytes();
  if (public_key.scheme() == SignatureScheme::kEd25519) {
    EVP_PKEY* key =
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes.data(), bytes.size());
    if (key == nullptr) return Error{ErrorCode::kInvalidArgument, "not an Ed25519 public key"};
    return key;
  }
  ParamBuilder built;
  if (built.builder == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(built.builder, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(built.builder, OSSL_PKEY_PARAM_PUB_KEY, bytes.data(),
                                       bytes.size()) != 1) {
    return crypto_failure(SignatureScheme::kSm2, "key import");
  }
  return sm2_from_params(built, EVP_PKEY_PUBLIC_KEY);
}

// Binds the SM2 distinguishing ID and SM3 to a digest context. `owner`
// keeps the key context alive as long as `md` uses it.
bool init_sm2(EVP_MD_CTX* md, EVP_PKEY* key, PkeyContext& owner, bool for_signing) {
  owner.ctx = EVP_PKEY_CTX_new(key, nullptr);
  if (owner.ctx == nullptr || EVP_PKEY_CTX_set1_id(owner.ctx, kSm2Id, kSm2IdBytes) != 1) {
    return false;
  }
  EVP_MD_CTX_set_pkey_ctx(md, owner.ctx);
  return for_signing ? EVP_DigestSignInit(md, nullptr, EVP_sm3(), nullptr, key) == 1
                     : EVP_DigestVerifyInit(md, nullptr, EVP_sm3(), nullptr, key) == 1;
}

Result<Signature> sm2_sign(EVP_PKEY* key, ByteSpan message) {
  MdContext md;
  PkeyContext owner;
  std::array<uint8_t, 80> der{};  // SEQUENCE of two INTEGERs of at most 33 bytes
  size_t der_length = der.size();
  if (md.ctx == nullptr || !init_sm2(md.ctx, key, owner, true) ||
      EVP_DigestSign(md.ctx, der.data(), &der_length, message.data(), message.size()) != 1) {
    return crypto_failure(SignatureScheme::kSm2, "signing");
  }
  const unsigned char* cursor = der.data();
  EcdsaSig parsed{d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der_length))};
  Signature signature{};
  if (parsed.sig == nullptr ||
      BN_bn2binpad(ECDSA_SIG_get0_r(parsed.sig), signature.data(), kScalarBytes) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(parsed.sig), signature.data() + kScalarBytes, kScalarBytes) !=
          32) {
    return crypto_failure(SignatureScheme::kSm2, "signature encoding");
  }
  return signature;
}

bool sm2_verify(EVP_PKEY* key, ByteSpan message, const Signature& signature) {
  EcdsaSig sig{ECDSA_SIG_new()};
  BIGNUM* r = BN_bin2bn(signature.data(), kScalarBytes, nullptr);
  BIGNUM* s = BN_bin2bn(signature.data() + kScalarBytes, kScalarBytes, nullptr);
  if (sig.sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return false;
  }
  unsigned char* der = nullptr;
  const int der_length = i2d_ECDSA_SIG(sig.sig, &der);
  MdContext md;
  PkeyContext owner;
  const bool valid = der_length > 0 && md.ctx != nullptr && init_sm2(md.ctx, key, owner, false) &&
                     EVP_DigestVerify(md.ctx, der, static_cast<size_t>(der_length), message.data(),
                                      message.size()) == 1;
  OPENSSL_free(der);
  return valid;
}

bool ed25519_verify(EVP_PKEY* key, ByteSpan message, const Signature& signature) {
  MdContext md;
  return md.ctx != nullptr && EVP_DigestVerifyInit(md.ctx, nullptr, nullptr, nullptr, key) == 1 &&
         EVP_DigestVerify(md.ctx, signature.data(), signature.size(), message.data(),
                          message.size()) == 1;
}

}  // namespace

std::string_view signature_scheme_name(SignatureScheme scheme) {
  return scheme == SignatureScheme::kSm2 ? "sm2" : "ed25519";
}

Result<SignatureScheme> parse_signature_scheme(std::string_view name) {
  if (name == "ed25519") return SignatureScheme::kEd25519;
  if (name == "sm2") return SignatureScheme::kSm2;
  return Error{ErrorCode::kInvalidArgument,
               "unknown signature scheme '" + std::string(name) + "' (ed25519 or sm2)"};
}

Result<PublicKey> PublicKey::from_bytes(ByteSpan bytes) {
  PublicKey key;
  if (bytes.size() == kEd25519PublicKeyBytes) {
    key.scheme_ = SignatureScheme::kEd25519;
  } else if (bytes.size() == kSm2PublicKeyBytes && bytes[0] == 0x04) {
    key.scheme_ = SignatureScheme::kSm2;
  } else {
    return Error{ErrorCode::kInvalidArgument,
                 "public key must be 32 bytes (Ed25519) or 65 bytes beginning 04 (SM2), got " +
                     std::to_string(bytes.size()) + " bytes"};
  }
  std::copy(bytes.begin(), bytes.end(), key.bytes_.begin());
  key.size_ = static_cast<uint8_t>(bytes.size());
  return key;
}

Result<PublicKey> PublicKey::from_hex(std::string_view hex) {
  SC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, bytes_from_hex(hex));
  return from_bytes(bytes);
}

SigningKey::SigningKey(std::unique_ptr<Handle> handle, const PublicKey& public_key)
    : handle_(std::move(handle)), public_key_(public_key) {}
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

Result<SigningKey> SigningKey::from_seed(const PrivateSeed& seed, SignatureScheme scheme) {
  auto handle = std::make_unique<Handle>();
  PublicKey public_key;
  SC_ASSIGN_OR_RETURN(handle->key, scheme == SignatureScheme::kSm2
                                       ? sm2_private_key(seed, public_key)
                                       : ed25519_private_key(seed, public_key));
  return SigningKey(std::move(handle), public_key);
}

Result<SigningKey> SigningKey::generate(SignatureScheme scheme) {
  for (int attempt = 0; attempt < kMaxKeygenAttempts; ++attempt) {
    PrivateSeed seed{};
    if (RAND_priv_bytes(seed.data(), static_cast<int>(seed.size())) != 1) {
      return crypto_failure(scheme, "key generation");
    }
    auto key = from_seed(seed, scheme);
    if (key.ok() || key.error().code != ErrorCode::kInvalidArgument) return key;
  }
  return crypto_failure(scheme, "key generation");
}

Result<Signature> SigningKey::sign(ByteSpan message) const {
  if (scheme() == SignatureScheme::kSm2) return sm2_sign(handle_->key, message);
  MdContext md;
  Signature signature{};
  size_t length = signature.size();
  if (md.ctx == nullptr ||
      EVP_DigestSignInit(md.ctx, nullptr, nullptr, nullptr, handle_->key) != 1 ||
      EVP_DigestSign(md.ctx, signature.data(), &length, message.data(), message.size()) != 1 ||
      length != signature.size()) {
    return crypto_failure(SignatureScheme::kEd25519, "signing");
  }
  return signature;
}

Status verify_signature(const PublicKey& public_key, ByteSpan message, const Signature& signature) {
  SC_ASSIGN_OR_RETURN(EVP_PKEY * raw_key, verifying_key(public_key));
  const Pkey key{raw_key};
  const bool valid = public_key.scheme() == SignatureScheme::kSm2
                         ? sm2_verify(key.key, message, signature)
                         : ed25519_verify(key.key, message, signature);
  if (!valid) return Error{ErrorCode::kPermissionDenied, "signature does not verify"};
  return ok_status();
}

}  // namespace smecredit::scf

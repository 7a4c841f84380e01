#include "scf/log/signer.h"

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#include <memory>

#include "scf/merkle/hex.h"

namespace smecredit::scf {
namespace {

ByteSpan bytes_of(std::string_view text) {
  return ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

template <size_t N>
std::array<uint8_t, N> fixed(std::string_view hex) {
  const auto bytes = bytes_from_hex(hex).value();
  std::array<uint8_t, N> out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

// RFC 8032 §7.1, TEST 1 (empty message).
TEST(SignerTest, MatchesRfc8032TestVector1) {
  const auto key = SigningKey::from_seed(
      fixed<32>("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(to_hex(key.value().public_key().bytes()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const Signature sig = key.value().sign({}).value();
  EXPECT_EQ(to_hex(sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e"
            "39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(verify_signature(key.value().public_key(), {}, sig).ok());
}

TEST(SignerTest, RejectsWrongMessageKeyOrSignature) {
  const SigningKey alice = SigningKey::generate().value();
  const SigningKey bob = SigningKey::generate().value();
  const Signature sig = alice.sign(bytes_of("transfer 100.00 to S2")).value();
  EXPECT_TRUE(verify_signature(alice.public_key(), bytes_of("transfer 100.00 to S2"), sig).ok());
  EXPECT_EQ(
      verify_signature(alice.public_key(), bytes_of("transfer 900.00 to S2"), sig).error().code,
      ErrorCode::kPermissionDenied);
  EXPECT_FALSE(verify_signature(bob.public_key(), bytes_of("transfer 100.00 to S2"), sig).ok());
  Signature flipped = sig;
  flipped[10] ^= 1;
  EXPECT_FALSE(
      verify_signature(alice.public_key(), bytes_of("transfer 100.00 to S2"), flipped).ok());
}

TEST(SignerTest, Sm2SignsAndVerifiesAndRejectsTampering) {
  const SigningKey alice = SigningKey::generate(SignatureScheme::kSm2).value();
  const SigningKey bob = SigningKey::generate(SignatureScheme::kSm2).value();
  EXPECT_EQ(alice.scheme(), SignatureScheme::kSm2);
  ASSERT_EQ(alice.public_key().bytes().size(), kSm2PublicKeyBytes);
  EXPECT_EQ(alice.public_key().bytes()[0], 0x04);
  const Signature sig = alice.sign(bytes_of("accept V1")).value();
  EXPECT_TRUE(verify_signature(alice.public_key(), bytes_of("accept V1"), sig).ok());
  EXPECT_EQ(verify_signature(alice.public_key(), bytes_of("accept V2"), sig).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_FALSE(verify_signature(bob.public_key(), bytes_of("accept V1"), sig).ok());
  for (size_t byte : {size_t{0}, size_t{31}, size_t{32}, size_t{63}}) {
    Signature flipped = sig;
    flipped[byte] ^= 1;
    EXPECT_FALSE(verify_signature(alice.public_key(), bytes_of("accept V1"), flipped).ok()) << byte;
  }
  // SM2 signatures are randomised: two signatures differ and both verify.
  const Signature again = alice.sign(bytes_of("accept V1")).value();
  EXPECT_NE(to_hex(sig), to_hex(again));
  EXPECT_TRUE(verify_signature(alice.public_key(), bytes_of("accept V1"), again).ok());
}

// SM2 verification written out from GB/T 32918.2 §7 with bare curve
// arithmetic, independent of OpenSSL's SM2 code: it checks the
// distinguishing ID, the Z_A digest and the r ‖ s layout the signer uses.
bool textbook_sm2_verify(ByteSpan public_key, std::string_view message, const Signature& sig) {
  using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
  auto bn = [] { return BnPtr(BN_new(), BN_free); };
  std::unique_ptr<EC_GROUP, decltype(&EC_GROUP_free)> group(EC_GROUP_new_by_curve_name(NID_sm2),
                                                            EC_GROUP_free);
  std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)> ctx(BN_CTX_new(), BN_CTX_free);
  BnPtr p = bn(), a = bn(), b = bn(), gx = bn(), gy = bn();
  EC_GROUP_get_curve(group.get(), p.get(), a.get(), b.get(), ctx.get());
  EC_POINT_get_affine_coordinates(group.get(), EC_GROUP_get0_generator(group.get()), gx.get(),
                                  gy.get(), ctx.get());
  auto be32 = [](const BIGNUM* v) {
    std::string out(32, '\0');
    BN_bn2binpad(v, reinterpret_cast<unsigned char*>(out.data()), 32);
    return out;
  };
  auto sm3 = [](const std::string& data) {
    std::string out(32, '\0');
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &length,
               EVP_sm3(), nullptr);
    return out;
  };
  const std::string id = "1234567812345678";
  const std::string point(reinterpret_cast<const char*>(public_key.data()) + 1, 64);
  const std::string z = sm3(std::string("\x00\x80", 2) + id + be32(a.get()) + be32(b.get()) +
                            be32(gx.get()) + be32(gy.get()) + point);
  const std::string e_bytes = sm3(z + std::string(message));
  BnPtr e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e_bytes.data()), 32, nullptr), BN_free);
  BnPtr r(BN_bin2bn(sig.data(), 32, nullptr), BN_free);
  BnPtr s(BN_bin2bn(sig.data() + 32, 32, nullptr), BN_free);
  const BIGNUM* n = EC_GROUP_get0_order(group.get());
  BnPtr t = bn(), x1 = bn(), expected = bn();
  BN_mod_add(t.get(), r.get(), s.get(), n, ctx.get());
  if (BN_is_zero(t.get())) return false;
  std::unique_ptr<EC_POINT, decltype(&EC_POINT_free)> pa(EC_POINT_new(group.get()), EC_POINT_free);
  std::unique_ptr<EC_POINT, decltype(&EC_POINT_free)> sum(EC_POINT_new(group.get()), EC_POINT_free);
  EC_POINT_oct2point(group.get(), pa.get(), public_key.data(), public_key.size(), ctx.get());
  EC_POINT_mul(group.get(), sum.get(), s.get(), pa.get(), t.get(), ctx.get());  // s·G + t·P
  EC_POINT_get_affine_coordinates(group.get(), sum.get(), x1.get(), nullptr, ctx.get());
  BN_mod_add(expected.get(), e.get(), x1.get(), n, ctx.get());
  return BN_cmp(expected.get(), r.get()) == 0;
}

TEST(SignerTest, Sm2SignaturesFollowGbT32918) {
  const SigningKey key = SigningKey::generate(SignatureScheme::kSm2).value();
  for (std::string_view message : {"", "transfer 100.00 to S2", "授权"}) {
    const Signature sig = key.sign(bytes_of(message)).value();
    EXPECT_TRUE(textbook_sm2_verify(key.public_key().bytes(), message, sig)) << message;
    Signature other = sig;
    other[40] ^= 0x10;
    EXPECT_FALSE(textbook_sm2_verify(key.public_key().bytes(), message, other)) << message;
  }
}

TEST(SignerTest, Sm2KeyFromSeedIsStableAndRangeChecked) {
  PrivateSeed seed{};
  seed[31] = 7;
  const auto first = SigningKey::from_seed(seed, SignatureScheme::kSm2);
  const auto second = SigningKey::from_seed(seed, SignatureScheme::kSm2);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first.value().public_key(), second.value().public_key());
  EXPECT_NE(first.value().public_key(), SigningKey::from_seed(seed).value().public_key());

  PrivateSeed zero{};
  EXPECT_EQ(SigningKey::from_seed(zero, SignatureScheme::kSm2).error().code,
            ErrorCode::kInvalidArgument);
  PrivateSeed all_ones{};
  all_ones.fill(0xff);  // above the group order n
  EXPECT_EQ(SigningKey::from_seed(all_ones, SignatureScheme::kSm2).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(SignerTest, PublicKeyEncodingNamesItsScheme) {
  const SigningKey ed = SigningKey::generate().value();
  const SigningKey sm = SigningKey::generate(SignatureScheme::kSm2).value();
  const auto ed_back = PublicKey::from_hex(to_hex(ed.public_key().bytes()));
  const auto sm_back = PublicKey::from_hex(to_hex(sm.public_key().bytes()));
  ASSERT_TRUE(ed_back.ok() && sm_back.ok());
  EXPECT_EQ(ed_back.value().scheme(), SignatureScheme::kEd25519);
  EXPECT_EQ(sm_back.value(), sm.public_key());
  EXPECT_FALSE(PublicKey::from_hex("abcd").ok());
  EXPECT_FALSE(PublicKey::from_hex("03" + std::string(128, '1')).ok());  // not 04-prefixed
  // 65 bytes that are not a point on the curve: rejected when used.
  const PublicKey off_curve = PublicKey::from_hex("04" + std::string(128, '1')).value();
  const Signature sig = sm.sign(bytes_of("m")).value();
  EXPECT_EQ(verify_signature(off_curve, bytes_of("m"), sig).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(verify_signature(PublicKey(), bytes_of("m"), sig).error().code,
            ErrorCode::kInvalidArgument);
  // An Ed25519 signature never passes as SM2 and the other way round.
  EXPECT_FALSE(
      verify_signature(sm.public_key(), bytes_of("m"), ed.sign(bytes_of("m")).value()).ok());
  EXPECT_FALSE(verify_signature(ed.public_key(), bytes_of("m"), sig).ok());
}

}  // namespace
}  // namespace smecredit::scf

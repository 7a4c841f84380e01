#include "scf/log/signer.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(to_hex(key.value().public_key()),
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

}  // namespace
}  // namespace smecredit::scf

// Hash algorithms (SHA-256 and SM3 known answers, RFC 9162 prefixes) and the
// hex codecs used by the log's CLI and API.
#include <gtest/gtest.h>

#include <string>

#include "merkle_test_support.h"
#include "scf/merkle/verify.h"

namespace smecredit::scf {
namespace {

using testing::make_hasher;

std::vector<uint8_t> bytes(std::string_view text) {
  return {text.begin(), text.end()};
}

TEST(HashTest, Sha256KnownAnswer) {
  Hasher hasher = make_hasher(HashAlgorithm::kSha256);
  EXPECT_EQ(to_hex(hasher.hash(bytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, Sm3KnownAnswer) {
  Hasher hasher = make_hasher(HashAlgorithm::kSm3);
  EXPECT_EQ(to_hex(hasher.hash(bytes("abc"))),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

TEST(HashTest, PrefixesSeparateLeavesFromNodes) {
  for (HashAlgorithm algorithm : {HashAlgorithm::kSha256, HashAlgorithm::kSm3}) {
    Hasher hasher = make_hasher(algorithm);
    const std::vector<uint8_t> entry = bytes("entry");
    std::vector<uint8_t> prefixed = {0x00};
    prefixed.insert(prefixed.end(), entry.begin(), entry.end());
    EXPECT_EQ(hasher.leaf_hash(entry), hasher.hash(prefixed));

    const Digest left = hasher.hash(bytes("l"));
    const Digest right = hasher.hash(bytes("r"));
    std::vector<uint8_t> node = {0x01};
    node.insert(node.end(), left.begin(), left.end());
    node.insert(node.end(), right.begin(), right.end());
    EXPECT_EQ(hasher.node_hash(left, right), hasher.hash(node));
    EXPECT_EQ(hasher.empty_root(), hasher.hash({}));
    EXPECT_EQ(hasher.algorithm(), algorithm);
  }
}

TEST(HashTest, AlgorithmNames) {
  EXPECT_EQ(parse_hash_algorithm("sha256").value(), HashAlgorithm::kSha256);
  EXPECT_EQ(parse_hash_algorithm("sm3").value(), HashAlgorithm::kSm3);
  EXPECT_FALSE(parse_hash_algorithm("SHA256").ok());
  EXPECT_FALSE(parse_hash_algorithm("md5").ok());
  EXPECT_EQ(hash_algorithm_name(HashAlgorithm::kSm3), "sm3");
  EXPECT_EQ(hash_algorithm_name(HashAlgorithm::kSha256), "sha256");
}

TEST(HexTest, RoundTripAndCase) {
  const std::vector<uint8_t> data = {0x00, 0x0f, 0xa5, 0xff};
  EXPECT_EQ(to_hex(data), "000fa5ff");
  EXPECT_EQ(bytes_from_hex("000FA5ff").value(), data);
  EXPECT_TRUE(bytes_from_hex("").value().empty());
}

TEST(HexTest, RejectsMalformedHex) {
  for (std::string_view bad : {"0", "abc", "0x00", "g0", " 00", "00 ", "0-"}) {
    Result<std::vector<uint8_t>> parsed = bytes_from_hex(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(bytes_from_hex("0g").error().message, "not a hex digit at position 2");
}

TEST(HexTest, DigestNeedsExactly32Bytes) {
  const std::string good(64, 'a');
  EXPECT_TRUE(digest_from_hex(good).ok());
  EXPECT_FALSE(digest_from_hex(good.substr(2)).ok());
  EXPECT_FALSE(digest_from_hex(good + "aa").ok());
  EXPECT_FALSE(digest_from_hex("").ok());
}

TEST(HexTest, ProofList) {
  const std::string a(64, 'a');
  const std::string b(64, 'b');
  EXPECT_TRUE(proof_from_hex("").value().empty());
  const std::vector<Digest> proof = proof_from_hex(a + "," + b).value();
  ASSERT_EQ(proof.size(), 2u);
  EXPECT_EQ(proof_to_hex(proof), a + "," + b);
  for (const std::string& bad :
       {a + ",", "," + a, a + ",," + b, a + "," + b.substr(1), a + b, std::string(",")}) {
    EXPECT_FALSE(proof_from_hex(bad).ok()) << bad;
  }
  EXPECT_EQ(proof_from_hex(a + ",").error().message, "proof element 2: empty");
}

TEST(HexTest, ProofFromBytesRejectsPartialDigests) {
  EXPECT_TRUE(proof_from_bytes({}).value().empty());
  EXPECT_EQ(proof_from_bytes(std::vector<uint8_t>(64, 7)).value().size(), 2u);
  EXPECT_FALSE(proof_from_bytes(std::vector<uint8_t>(31, 7)).ok());
  EXPECT_FALSE(proof_from_bytes(std::vector<uint8_t>(33, 7)).ok());
}

TEST(EntryLinesTest, FinalNewlineEndsTheLastLine) {
  using Entries = std::vector<std::vector<uint8_t>>;
  EXPECT_EQ(entries_from_hex_lines("").value(), Entries{});
  EXPECT_EQ(entries_from_hex_lines("\n").value(), Entries{{}});
  EXPECT_EQ(entries_from_hex_lines("00\n10\n").value(), (Entries{{0x00}, {0x10}}));
  EXPECT_EQ(entries_from_hex_lines("00\n10").value(), (Entries{{0x00}, {0x10}}));
  EXPECT_EQ(entries_from_hex_lines("\n00\n").value(), (Entries{{}, {0x00}}));
  EXPECT_EQ(entries_from_hex_lines("00\n\n").value(), (Entries{{0x00}, {}}));
  EXPECT_EQ(entries_from_hex_lines("\n\n").value(), (Entries{{}, {}}));
}

TEST(EntryLinesTest, BadLineIsNamed) {
  Result<std::vector<std::vector<uint8_t>>> parsed = entries_from_hex_lines("00\n0\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "line 2: hex has an odd number of digits (1)");
  EXPECT_FALSE(entries_from_hex_lines("00\r\n").ok());
}

}  // namespace
}  // namespace smecredit::scf

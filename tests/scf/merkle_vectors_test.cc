// Known answers from ../shared/data/rfc6962_reference_vectors.json (the
// 8-leaf reference tree of RFC 6962 / RFC 9162), read at test time.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "merkle_test_support.h"
#include "scf/merkle/tree.h"
#include "scf/merkle/verify.h"

namespace smecredit::scf {
namespace {

using testing::digest;
using testing::make_hasher;

const std::filesystem::path kVectorsFile =
    std::filesystem::path(SMECREDIT_SHARED_DATA_DIR) / "rfc6962_reference_vectors.json";

std::vector<Digest> digests(const rapidjson::Value& array) {
  std::vector<Digest> out;
  for (const auto& item : array.GetArray()) out.push_back(digest(item.GetString()));
  return out;
}

class ReferenceVectorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kVectorsFile)) {
      GTEST_SKIP() << "reference vectors not found at " << kVectorsFile
                   << " (the shared data folder beside the checkout); skipping known answers";
    }
    std::ifstream in(kVectorsFile);
    std::stringstream text;
    text << in.rdbuf();
    doc_.Parse(text.str().c_str());
    ASSERT_FALSE(doc_.HasParseError()) << "cannot parse " << kVectorsFile;
    for (const auto& input : doc_["leaf_inputs"].GetArray()) {
      entries_.push_back(bytes_from_hex(input.GetString()).value());
    }
    ASSERT_EQ(entries_.size(), 8u);
    for (const auto& entry : entries_) tree_.append_entry(entry);
  }

  rapidjson::Document doc_;
  std::vector<std::vector<uint8_t>> entries_;
  Hasher hasher_ = make_hasher();
  MerkleTree tree_{make_hasher()};
};

TEST_F(ReferenceVectorsTest, LeafHashes) {
  const std::vector<Digest> expected = digests(doc_["leaf_hashes_level0"]);
  for (size_t i = 0; i < entries_.size(); ++i) {
    EXPECT_EQ(to_hex(hasher_.leaf_hash(entries_[i])), to_hex(expected[i])) << "leaf " << i;
    EXPECT_EQ(tree_.leaf_hash(i).value(), expected[i]);
  }
}

TEST_F(ReferenceVectorsTest, CompleteNodeHashesByLevel) {
  const auto& levels = doc_["node_hashes_by_level"]["levels"];
  for (rapidjson::SizeType level = 0; level < levels.Size(); ++level) {
    const std::vector<Digest> nodes = digests(levels[level]);
    const uint64_t width = uint64_t{1} << level;
    for (uint64_t i = 0; i < nodes.size(); ++i) {
      std::span<const std::vector<uint8_t>> covered(entries_.data() + i * width, width);
      EXPECT_EQ(to_hex(merkle_root_of_entries(hasher_, covered)), to_hex(nodes[i]))
          << "level " << level << " index " << i;
    }
  }
}

TEST_F(ReferenceVectorsTest, RootsForSizesZeroToEight) {
  const auto& roots = doc_["root_by_tree_size"];
  ASSERT_EQ(roots.MemberCount(), 9u);
  CompactRange range;
  for (uint64_t size = 0; size <= 8; ++size) {
    const std::string expected = roots[std::to_string(size).c_str()].GetString();
    std::span<const std::vector<uint8_t>> first(entries_.data(), size);
    EXPECT_EQ(to_hex(merkle_root_of_entries(hasher_, first)), expected) << "size " << size;
    EXPECT_EQ(to_hex(tree_.root(size).value()), expected) << "size " << size;
    EXPECT_EQ(to_hex(range.root(hasher_)), expected) << "size " << size;
    if (size < 8) range.append(hasher_, hasher_.leaf_hash(entries_[size]));
  }
}

TEST_F(ReferenceVectorsTest, EveryInclusionProof) {
  const auto& cases = doc_["inclusion_proofs"].GetArray();
  ASSERT_FALSE(cases.Empty());
  for (const auto& c : cases) {
    const uint64_t index = c["leaf_index_0based"].GetUint64();
    const uint64_t size = c["tree_size"].GetUint64();
    const Digest leaf = digest(c["leaf_hash"].GetString());
    const Digest root = digest(c["root"].GetString());
    const std::vector<Digest> proof = digests(c["proof"]);
    SCOPED_TRACE("index " + std::to_string(index) + " size " + std::to_string(size));
    EXPECT_TRUE(verify_inclusion(hasher_, leaf, index, size, proof, root).ok());
    EXPECT_EQ(proof_to_hex(tree_.inclusion_proof(index, size).value()), proof_to_hex(proof));
    EXPECT_EQ(tree_.root(size).value(), root);
  }
}

TEST_F(ReferenceVectorsTest, EveryConsistencyProof) {
  const auto& cases = doc_["consistency_proofs"].GetArray();
  ASSERT_FALSE(cases.Empty());
  for (const auto& c : cases) {
    const uint64_t size1 = c["size1"].GetUint64();
    const uint64_t size2 = c["size2"].GetUint64();
    const Digest root1 = digest(c["root1"].GetString());
    const Digest root2 = digest(c["root2"].GetString());
    const std::vector<Digest> proof = digests(c["proof"]);
    SCOPED_TRACE("size1 " + std::to_string(size1) + " size2 " + std::to_string(size2));
    EXPECT_TRUE(verify_consistency(hasher_, size1, size2, root1, root2, proof).ok());
    EXPECT_EQ(proof_to_hex(tree_.consistency_proof(size1, size2).value()), proof_to_hex(proof));
  }
}

TEST_F(ReferenceVectorsTest, EmptyTreeRootIsHashOfNothing) {
  EXPECT_EQ(to_hex(hasher_.empty_root()), doc_["root_by_tree_size"]["0"].GetString());
  EXPECT_EQ(to_hex(MerkleTree(make_hasher()).root()), doc_["root_by_tree_size"]["0"].GetString());
}

}  // namespace
}  // namespace smecredit::scf

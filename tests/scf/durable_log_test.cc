#include "scf/log/durable_log.h"

#include <gtest/gtest.h>

#include "scf/merkle/verify.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/temp_dir.h"

namespace smecredit::scf {
namespace {

const Timestamp kNow{std::chrono::seconds{1'700'000'000}};

Entry entry_of(const std::string& text) {
  return Entry(text.begin(), text.end());
}

std::vector<Entry> entries(int from, int count) {
  std::vector<Entry> out;
  for (int i = from; i < from + count; ++i)
    out.push_back(entry_of("voucher-op-" + std::to_string(i)));
  return out;
}

class DurableLogTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen_store(); }

  void reopen_store() {
    log_.reset();
    store_ = store::SqliteStore::open({.path = dir_.file("log.db")}).value();
    ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations(), kNow).ok());
    log_ = DurableLog::open(*store_, HashAlgorithm::kSha256).value();
  }

  Digest expected_root(const std::vector<Entry>& all) {
    Hasher hasher = Hasher::create(HashAlgorithm::kSha256).value();
    return merkle_root_of_entries(hasher, all);
  }

  testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<DurableLog> log_;
};

TEST_F(DurableLogTest, AppendsBatchesAndReadsEntriesBack) {
  const auto first = entries(0, 5);
  const auto second = entries(5, 3);
  EXPECT_EQ(log_->append(first, kNow).value(), 0u);
  EXPECT_EQ(log_->append(second, kNow).value(), 5u);
  EXPECT_EQ(log_->size(), 8u);
  EXPECT_EQ(log_->entry(6).value(), entry_of("voucher-op-6"));
  EXPECT_EQ(log_->entry(8).error().code, ErrorCode::kNotFound);
  auto all = first;
  all.insert(all.end(), second.begin(), second.end());
  EXPECT_EQ(log_->root(8).value(), expected_root(all));
  EXPECT_EQ(log_->root(5).value(), expected_root(first));
}

TEST_F(DurableLogTest, ReopeningRebuildsTheSameTree) {
  ASSERT_TRUE(log_->append(entries(0, 300), kNow).ok());
  const Digest before = log_->root(300).value();
  reopen_store();
  EXPECT_EQ(log_->size(), 300u);
  EXPECT_EQ(log_->root(300).value(), before);
  EXPECT_EQ(log_->append(entries(300, 1), kNow).value(), 300u);
}

TEST_F(DurableLogTest, AnInvalidBatchAppendsNothing) {
  ASSERT_TRUE(log_->append(entries(0, 2), kNow).ok());
  std::vector<Entry> bad = entries(2, 2);
  bad.push_back(Entry(kMaxEntryBytes + 1, 0x41));
  EXPECT_EQ(log_->append(bad, kNow).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(log_->append({}, kNow).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(log_->size(), 2u);
  reopen_store();
  EXPECT_EQ(log_->size(), 2u);
}

TEST_F(DurableLogTest, ProofsFromTheDurableLogVerify) {
  ASSERT_TRUE(log_->append(entries(0, 37), kNow).ok());
  ASSERT_TRUE(log_->append(entries(37, 20), kNow).ok());
  Hasher hasher = Hasher::create(HashAlgorithm::kSha256).value();
  const Digest root57 = log_->root(57).value();
  for (uint64_t index : {0u, 13u, 36u, 37u, 56u}) {
    const auto proof = log_->inclusion_proof(index, 57).value();
    const Digest leaf = hasher.leaf_hash(log_->entry(index).value());
    EXPECT_TRUE(verify_inclusion(hasher, leaf, index, 57, proof, root57).ok()) << index;
  }
  const auto consistency = log_->consistency_proof(37, 57).value();
  EXPECT_TRUE(verify_consistency(hasher, 37, 57, log_->root(37).value(), root57, consistency).ok());
}

TEST_F(DurableLogTest, CheckpointsAreSignedStoredAndVerifiable) {
  const SigningKey platform = SigningKey::generate().value();
  EXPECT_FALSE(log_->latest_checkpoint().value().has_value());
  ASSERT_TRUE(log_->append(entries(0, 10), kNow).ok());
  const Checkpoint cp = log_->publish_checkpoint(platform, kNow).value();
  EXPECT_EQ(cp.tree_size, 10u);
  EXPECT_TRUE(verify_checkpoint(cp, platform.public_key()).ok());
  EXPECT_NE(cp.signed_text().find("smecredit.log/v1\nsha256\n10\n"), std::string::npos);

  reopen_store();
  const auto stored = log_->latest_checkpoint().value();
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->root, cp.root);
  EXPECT_TRUE(verify_checkpoint(*stored, platform.public_key()).ok());

  Checkpoint forged = *stored;
  forged.tree_size = 11;
  EXPECT_FALSE(verify_checkpoint(forged, platform.public_key()).ok());
  EXPECT_FALSE(verify_checkpoint(*stored, SigningKey::generate().value().public_key()).ok());
}

}  // namespace
}  // namespace smecredit::scf

namespace smecredit::scf {
namespace {

TEST_F(DurableLogTest, RefusesToOpenOverEntriesThatNoLongerMatchTheCheckpoint) {
  ASSERT_TRUE(log_->append(entries(0, 8), kNow).ok());
  ASSERT_TRUE(log_->publish_checkpoint(SigningKey::generate().value(), kNow).ok());
  log_.reset();
  ASSERT_TRUE(store_
                  ->transact(store::TxMode::kReadWrite,
                             [](store::Transaction& tx) -> Status {
                               SC_RETURN_IF_ERROR(
                                   tx.execute("UPDATE log_entries SET entry = ? WHERE idx = 3",
                                              {store::Blob{{0x66, 0x61, 0x6b, 0x65}}}));
                               return ok_status();
                             })
                  .ok());
  const auto reopened = DurableLog::open(*store_, HashAlgorithm::kSha256);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(reopened.error().message.find("tree size 8"), std::string::npos);
}

}  // namespace
}  // namespace smecredit::scf

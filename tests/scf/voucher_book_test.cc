#include "scf/voucher/voucher_book.h"

#include <gtest/gtest.h>

#include "scf/voucher/voucher_postings.h"
#include "tests/support/prng.h"

namespace smecredit::scf {
namespace {

Date day(const char* text) {
  return parse_date(text).value();
}

// A small supply chain: the platform, one core enterprise, three suppliers
// (tiers 1-3) and a bank, each with its own key.
class VoucherBookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* id : {"core", "s1", "s2", "s3", "bank"}) {
      keys_.emplace(id, SigningKey::generate().value());
    }
    ok(platform({kPlatformId, today_}, "core", Role::kCore));
    ok(platform({kPlatformId, today_}, "s1", Role::kSupplier));
    ok(platform({kPlatformId, today_}, "s2", Role::kSupplier));
    ok(platform({kPlatformId, today_}, "s3", Role::kSupplier));
    ok(platform({kPlatformId, today_}, "bank", Role::kFunder));
    ok(as(kPlatformId, GrantLine{{kPlatformId, today_}, "core", 1'000'000'00}));
  }

  Operation platform(Header h, const char* id, Role role) {
    return Register{std::move(h), id, role, keys_.at(id).public_key()};
  }

  Status as(std::string_view actor, Operation op) {
    const SigningKey& key = actor == kPlatformId ? platform_key_ : keys_.at(std::string(actor));
    return book_.apply(sign_operation(key, std::move(op)).value());
  }

  void ok(Operation op) { ASSERT_TRUE(as(kPlatformId, std::move(op)).ok()); }
  void ok(Status s) { ASSERT_TRUE(s.ok()) << s.error().to_string(); }

  Issue issue(const char* id, int64_t fen) {
    return Issue{{"core", today_}, id, "s1", fen, maturity_, "PO-2026-001", "INV-88"};
  }

  SigningKey platform_key_ = SigningKey::generate().value();
  std::map<std::string, SigningKey> keys_;
  VoucherBook book_{platform_key_.public_key()};
  Date today_ = day("2026-01-10");
  Date maturity_ = day("2026-07-10");
};

TEST_F(VoucherBookTest, IssueAcceptSplitFinanceSettle) {
  ok(as("core", issue("V1", 100'000'00)));
  ok(as("s1", Accept{{"s1", today_}, "V1"}));
  ok(as("s1", Transfer{{"s1", today_}, "V1", {{"P1", "s1", 40'000'00}, {"P2", "s2", 60'000'00}}}));
  ok(as("s2", Transfer{{"s2", today_}, "P2", {{"P3", "s3", 25'000'00}, {"P4", "s2", 35'000'00}}}));
  // s3 discounts its piece: 25,000.00 at 7.2% for 181 days (ACT/360) = 905.00.
  ok(as("s3", RequestFinancing{
                  {"s3", today_}, "P3", "bank", Decimal::parse("7.2").value(), 100'00, true}));
  const Financing& f = *book_.pieces().at("P3").financing;
  EXPECT_EQ(f.discount_fen, 905'00);
  EXPECT_EQ(f.net_proceeds_fen, 25'000'00 - 905'00 - 100'00);
  ok(as("bank", ApproveFinancing{{"bank", today_}, "P3"}));
  EXPECT_EQ(book_.pieces().at("P3").holder, "bank");
  EXPECT_EQ(book_.lineage("V1").size(), 5u);
  EXPECT_TRUE(book_.check_invariants().ok());
  EXPECT_EQ(book_.outstanding_fen("core"), 100'000'00);

  ok(as("core", Settle{{"core", maturity_}, "V1"}));
  const Payments& paid = book_.settlements().at("V1");
  EXPECT_EQ(paid.at("s1"), 40'000'00);
  EXPECT_EQ(paid.at("s2"), 35'000'00);
  EXPECT_EQ(paid.at("bank"), 25'000'00);
  EXPECT_EQ(book_.outstanding_fen("core"), 0);
  EXPECT_TRUE(book_.check_invariants().ok());
}

// The money side, worked by hand: 25,000.00 discounted at 7.2% for 181
// days (905.00) with a 100.00 fee; the core pays late, so the platform marks
// the voucher overdue and settles it from the bank-reported payment.
TEST_F(VoucherBookTest, FinancingOverdueAndSettlementPostTheirEntries) {
  ok(as("core", issue("V1", 100'000'00)));
  ok(as("s1", Accept{{"s1", today_}, "V1"}));
  ok(as("s1", Transfer{{"s1", today_}, "V1", {{"P1", "s1", 75'000'00}, {"P3", "s3", 25'000'00}}}));
  ok(as("s3", RequestFinancing{
                  {"s3", today_}, "P3", "bank", Decimal::parse("7.2").value(), 100'00, true}));
  const Operation approve = ApproveFinancing{{"bank", today_}, "P3"};
  ok(as("bank", approve));
  auto text = [](const std::optional<ledger::JournalEntry>& e) {
    std::string out = e->subledger + " " + e->source_ref + " " + e->kind + ":";
    for (const ledger::Posting& p : e->postings) {
      out += std::string(" ") + (p.side == ledger::Side::kDebit ? "Dr " : "Cr ") +
             std::string(ledger::account_name(p.account)) + " " + p.amount.to_string();
    }
    return out;
  };
  EXPECT_EQ(text(voucher_journal_entry(book_, approve, 5).value()),
            "voucher:V1 scf:5 voucher_financing: Dr voucher_receivable 25000.00"
            " Cr disbursement_clearing 23995.00 Cr unearned_discount 905.00 Cr fee_income 100.00");
  EXPECT_FALSE(voucher_journal_entry(book_, Accept{{"s1", today_}, "V1"}, 2).value());

  EXPECT_FALSE(as(kPlatformId, MarkOverdue{{kPlatformId, maturity_}, "V1"}).ok());  // due today
  const Operation overdue = MarkOverdue{{kPlatformId, add_days(maturity_, 1)}, "V1"};
  ok(as(kPlatformId, overdue));
  EXPECT_EQ(text(voucher_journal_entry(book_, overdue, 6).value()),
            "voucher:V1 scf:6 voucher_overdue: Dr voucher_receivable_overdue 25000.00"
            " Cr voucher_receivable 25000.00");
  // The platform settles only with the bank's reference, and only it may.
  EXPECT_FALSE(as(kPlatformId, Settle{{kPlatformId, add_days(maturity_, 3)}, "V1"}).ok());
  EXPECT_FALSE(as("core", Settle{{"core", add_days(maturity_, 3)}, "V1", "BANK-1"}).ok());
  const Operation settle = Settle{{kPlatformId, add_days(maturity_, 3)}, "V1", "BANK-1"};
  ok(as(kPlatformId, settle));
  EXPECT_EQ(text(voucher_journal_entry(book_, settle, 7).value()),
            "voucher:V1 scf:7 voucher_settlement: Dr repayment_clearing 100000.00"
            " Cr voucher_receivable_overdue 25000.00 Cr disbursement_clearing 75000.00"
            " Dr unearned_discount 905.00 Cr discount_income 905.00");
  EXPECT_EQ(book_.settlements().at("V1").at("bank"), 25'000'00);
  EXPECT_EQ(book_.settlements().at("V1").at("s1"), 75'000'00);
  // A financed piece stays with its funder.
  EXPECT_TRUE(book_.check_invariants().ok());
}

// The line carries the rate the risk process priced for the core; funders
// discount its vouchers at no less.
TEST_F(VoucherBookTest, FundersDiscountAtNoLessThanTheCoresRiskPrice) {
  ok(as(kPlatformId,
        GrantLine{{kPlatformId, today_}, "core", 1'000'000'00, Decimal::parse("8.5").value()}));
  EXPECT_EQ(book_.risk_rate_percent("core")->to_string(), "8.5");
  ok(as("core", issue("V1", 100'00)));
  ok(as("s1", Accept{{"s1", today_}, "V1"}));
  const Status below =
      as("s1",
         RequestFinancing{{"s1", today_}, "V1", "bank", Decimal::parse("8.49").value(), 0, true});
  ASSERT_FALSE(below.ok());
  EXPECT_NE(below.error().message.find("risk price, 8.5%"), std::string::npos);
  EXPECT_EQ(book_.pieces().at("V1").status, PieceStatus::kHeld);
  ok(as("s1",
        RequestFinancing{{"s1", today_}, "V1", "bank", Decimal::parse("8.5").value(), 0, true}));
  EXPECT_FALSE(
      as(kPlatformId, GrantLine{{kPlatformId, today_}, "core", 1'000'000'00, Decimal::from_int(37)})
          .ok());
}

TEST_F(VoucherBookTest, RulesAreEnforcedAndFailuresChangeNothing) {
  ok(as("core", issue("V1", 100'00)));
  // Not accepted yet: no transfer; someone else cannot accept.
  EXPECT_FALSE(as("s1", Transfer{{"s1", today_}, "V1", {{"P1", "s2", 100'00}}}).ok());
  EXPECT_EQ(as("s2", Accept{{"s2", today_}, "V1"}).error().code, ErrorCode::kPermissionDenied);
  ok(as("s1", Accept{{"s1", today_}, "V1"}));
  // Sums must match exactly, one fen off either way is refused.
  EXPECT_FALSE(as("s1", Transfer{{"s1", today_}, "V1", {{"P1", "s2", 99'99}}}).ok());
  EXPECT_FALSE(as("s1", Transfer{{"s1", today_}, "V1", {{"P1", "s2", 100'01}}}).ok());
  // Only the holder transfers; a spent piece is never spent again.
  EXPECT_EQ(as("s2", Transfer{{"s2", today_}, "V1", {{"P1", "s2", 100'00}}}).error().code,
            ErrorCode::kPermissionDenied);
  ok(as("s1", Transfer{{"s1", today_}, "V1", {{"P1", "s2", 100'00}}}));
  EXPECT_EQ(as("s1", Transfer{{"s1", today_}, "V1", {{"P9", "s3", 100'00}}}).error().code,
            ErrorCode::kConflict);
  // After maturity only settlement; settling early is refused.
  EXPECT_FALSE(as("core", Settle{{"core", day("2026-07-09")}, "V1"}).ok());
  EXPECT_FALSE(as("s2", Transfer{{"s2", maturity_}, "P1", {{"P2", "s3", 100'00}}}).ok());
  EXPECT_EQ(book_.overdue(day("2026-07-11")), std::vector<std::string>{"V1"});
  EXPECT_TRUE(book_.check_invariants().ok());
}

TEST_F(VoucherBookTest, IssuanceStaysWithinTheLineAndAYear) {
  EXPECT_EQ(as("core", issue("V1", 1'000'000'01)).error().code, ErrorCode::kFailedPrecondition);
  ok(as("core", issue("V1", 600'000'00)));
  EXPECT_FALSE(as("core", issue("V2", 400'000'01)).ok());
  ok(as("core", issue("V2", 400'000'00)));
  Issue too_long = issue("V3", 1);
  too_long.maturity = day("2027-01-12");
  EXPECT_FALSE(as("core", too_long).ok());
  // Cancelling an unaccepted voucher releases the line.
  ok(as("core", Cancel{{"core", today_}, "V2"}));
  ok(as("core", issue("V4", 400'000'00)));
  EXPECT_TRUE(book_.check_invariants().ok());
}

TEST_F(VoucherBookTest, ForgedOrMisattributedSignaturesAreRefused) {
  SignedOperation forged = sign_operation(keys_.at("s2"), issue("V1", 100)).value();
  EXPECT_EQ(book_.apply(forged).error().code, ErrorCode::kPermissionDenied);
  SignedOperation tampered = sign_operation(keys_.at("core"), issue("V1", 100)).value();
  std::get<Issue>(tampered.operation).amount_fen = 100'000;
  EXPECT_FALSE(book_.apply(tampered).ok());
  EXPECT_FALSE(
      as("core", Register{{"core", today_}, "x", Role::kCore, keys_.at("s1").public_key()}).ok());
  EXPECT_TRUE(book_.vouchers().empty());
}

TEST_F(VoucherBookTest, CanonicalTextIsStable) {
  EXPECT_EQ(canonical_text(Accept{{"s1", today_}, "V1"}),
            R"({"op":"accept","actor":"s1","date":"2026-01-10","voucher":"V1"})");
}

// Property: random operation sequences, valid and not, never break an
// invariant, and replaying the accepted operations rebuilds the same book.
// Random operations by every kind of actor over 200 business days: after
// each one the book's invariants hold and every voucher's journal subledger
// (folded from the entries the operations posted) holds exactly what the
// book says is financed, overdue and unearned.
TEST_F(VoucherBookTest, PropertyInvariantsHoldAndReplayIsDeterministic) {
  smecredit::testing::Prng rng(2026);
  const char* suppliers[] = {"s1", "s2", "s3"};
  std::vector<SignedOperation> accepted = {
      sign_operation(platform_key_, GrantLine{{kPlatformId, today_}, "core", 1'000'000'000'00})
          .value()};
  ASSERT_TRUE(book_.apply(accepted.front()).ok());
  std::map<std::string, ledger::TrialBalance> journal;
  int64_t postings = 0;
  int next_id = 0;
  for (int step = 0; step < 3000; ++step) {
    const Date date = add_days(today_, step / 15);  // time moves on: vouchers mature
    std::vector<std::string> held, financing;
    for (const auto& [id, piece] : book_.pieces()) {
      if (piece.status == PieceStatus::kHeld) held.push_back(id);
      if (piece.status == PieceStatus::kFinancing) financing.push_back(id);
    }
    const std::string some_voucher = "V" + std::to_string(rng.between(0, next_id));
    std::string actor = "core";
    Operation op = Settle{{"core", date}, some_voucher};
    switch (rng.between(0, 8)) {
      case 0:
        op = Issue{{"core", date},
                   "V" + std::to_string(next_id++),
                   rng.pick(suppliers),
                   rng.between(1, 30'000'000'00),
                   add_days(date, rng.between(1, 200)),
                   "C",
                   "I"};
        break;
      case 1:
        actor = rng.pick(suppliers);
        op = Accept{{actor, date}, some_voucher};
        break;
      case 2:
      case 3:
        if (!held.empty()) {
          const Piece& piece = book_.pieces().at(held[rng.between(0, held.size() - 1)]);
          actor = piece.holder;
          const int64_t first = rng.between(1, piece.amount_fen);
          std::vector<Part> parts = {
              {"P" + std::to_string(step) + "a", rng.pick(suppliers), first}};
          if (first < piece.amount_fen) {
            parts.push_back({"P" + std::to_string(step) + "b", rng.pick(suppliers),
                             piece.amount_fen - first + (rng.chance(10) ? 1 : 0)});
          }
          op = Transfer{{actor, date}, piece.id, parts};
        }
        break;
      case 4:
        if (!held.empty()) {
          const Piece& piece = book_.pieces().at(held[rng.between(0, held.size() - 1)]);
          actor = piece.holder;
          op = RequestFinancing{
              {actor, date},       piece.id,      "bank", Decimal::from_int(rng.between(0, 12)),
              rng.between(0, 500), rng.chance(50)};
        }
        break;
      case 5:
        if (!financing.empty()) {
          actor = "bank";
          op = ApproveFinancing{{"bank", date}, financing[rng.between(0, financing.size() - 1)]};
        }
        break;
      case 6:
        actor = kPlatformId;
        op = MarkOverdue{{kPlatformId, date}, some_voucher};
        break;
      case 7:
        actor = kPlatformId;
        op = Settle{{kPlatformId, date}, some_voucher, "BANK-" + std::to_string(step)};
        break;
      default:
        break;
    }
    const SigningKey& key = actor == kPlatformId ? platform_key_ : keys_.at(actor);
    SignedOperation signed_op = sign_operation(key, op).value();
    if (!book_.apply(signed_op).ok()) continue;
    accepted.push_back(signed_op);
    ASSERT_TRUE(book_.check_invariants().ok()) << "step " << step;
    const auto entry = voucher_journal_entry(book_, signed_op.operation, accepted.size() - 1);
    ASSERT_TRUE(entry.ok()) << "step " << step << ": " << entry.error().to_string();
    if (!entry.value()) continue;
    ++postings;
    auto [ledger, unused] = journal.try_emplace(entry.value()->subledger, kCny);
    ASSERT_TRUE(ledger->second.add(*entry.value()).ok());
    ASSERT_TRUE(ledger->second.balanced());
    const std::string voucher = entry.value()->subledger.substr(std::string("voucher:").size());
    const VoucherLedgerExpectation expected = expected_voucher_ledger(book_, voucher);
    auto net = [&](ledger::Account account) {
      return ledger->second.balance(account).net().value().minor_units();
    };
    ASSERT_EQ(net(ledger::Account::kVoucherReceivable), expected.receivable_fen) << step;
    ASSERT_EQ(net(ledger::Account::kVoucherReceivableOverdue), expected.overdue_receivable_fen);
    ASSERT_EQ(-net(ledger::Account::kUnearnedDiscount), expected.unearned_discount_fen) << step;
  }
  EXPECT_GT(postings, 50);
  EXPECT_GT(accepted.size(), 300u);

  VoucherBook replayed(platform_key_.public_key());
  for (const char* id : {"core", "s1", "s2", "s3", "bank"}) {
    const Role role = std::string(id) == "core"   ? Role::kCore
                      : std::string(id) == "bank" ? Role::kFunder
                                                  : Role::kSupplier;
    ASSERT_TRUE(
        replayed
            .apply(sign_operation(platform_key_, platform({kPlatformId, today_}, id, role)).value())
            .ok());
  }
  ASSERT_TRUE(replayed
                  .apply(sign_operation(platform_key_,
                                        GrantLine{{kPlatformId, today_}, "core", 1'000'000'00})
                             .value())
                  .ok());
  for (const SignedOperation& op : accepted) ASSERT_TRUE(replayed.apply(op).ok());
  ASSERT_EQ(replayed.pieces().size(), book_.pieces().size());
  for (const auto& [id, piece] : book_.pieces()) {
    EXPECT_EQ(replayed.pieces().at(id).holder, piece.holder);
    EXPECT_EQ(replayed.pieces().at(id).amount_fen, piece.amount_fen);
    EXPECT_EQ(replayed.pieces().at(id).status, piece.status);
  }
}

}  // namespace
}  // namespace smecredit::scf

namespace smecredit::scf {
namespace {

TEST_F(VoucherBookTest, BatchApplicationEqualsOneByOne) {
  std::vector<SignedOperation> batch;
  batch.push_back(sign_operation(keys_.at("core"), issue("V1", 100'00)).value());
  batch.push_back(sign_operation(keys_.at("s1"), Accept{{"s1", today_}, "V1"}).value());
  batch.push_back(
      sign_operation(keys_.at("s1"), Transfer{{"s1", today_}, "V1", {{"P1", "s2", 100'00}}})
          .value());
  SignedOperation forged =
      sign_operation(keys_.at("s3"), Transfer{{"s2", today_}, "P1", {{"P2", "s3", 100'00}}})
          .value();
  batch.push_back(forged);
  const std::vector<Status> results = book_.apply_batch(batch, 2);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0].ok() && results[1].ok() && results[2].ok());
  EXPECT_EQ(results[3].error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(book_.pieces().at("P1").holder, "s2");
  EXPECT_FALSE(book_.pieces().contains("P2"));
}

}  // namespace
}  // namespace smecredit::scf

#include "scf/voucher/operation_codec.h"

namespace smecredit::scf {
namespace {

TEST_F(VoucherBookTest, SignedOperationsRoundTripThroughTheirJson) {
  const std::vector<Operation> operations = {
      platform({kPlatformId, today_}, "s3", Role::kSupplier),
      GrantLine{{kPlatformId, today_}, "core", 5},
      GrantLine{{kPlatformId, today_}, "core", 5, Decimal::parse("7.25").value()},
      issue("V1", 100'00),
      Accept{{"s1", today_}, "V1"},
      Transfer{{"s1", today_}, "V1", {{"P1", "s2", 60'00}, {"P2", "s3", 40'00}}},
      RequestFinancing{{"s2", today_}, "P1", "bank", Decimal::parse("6.50").value(), 1, false},
      ApproveFinancing{{"bank", today_}, "P1"},
      Settle{{"core", maturity_}, "V1"},
      Cancel{{"core", today_}, "V2"},
      Settle{{kPlatformId, maturity_}, "V1", "BANK-REF-1"},
      MarkOverdue{{kPlatformId, maturity_}, "V1"},
  };
  for (const Operation& op : operations) {
    const SignedOperation signed_op = sign_operation(platform_key_, op).value();
    const std::string entry = signed_operation_entry(signed_op);
    const auto parsed = parse_signed_operation(entry);
    ASSERT_TRUE(parsed.ok()) << entry << ": " << parsed.error().to_string();
    EXPECT_EQ(canonical_text(parsed.value().operation), canonical_text(op));
    EXPECT_EQ(parsed.value().signature, signed_op.signature);
  }
}

TEST_F(VoucherBookTest, AnIssueWithoutMaturityRunsSixMonths) {
  const auto parsed = parse_signed_operation(
      R"({"operation":{"op":"issue","actor":"core","date":"2026-08-31","voucher":"V1",)"
      R"("supplier":"s1","amount_fen":100,"contract_ref":"C","invoice_ref":"I"},)"
      R"("signature":")" +
      std::string(128, '0') + R"("})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(format_date(std::get<Issue>(parsed.value().operation).maturity), "2027-02-28");
  EXPECT_NE(canonical_text(parsed.value().operation).find(R"("maturity":"2027-02-28")"),
            std::string::npos);
}

TEST_F(VoucherBookTest, MalformedOperationsNameTheBadField) {
  const auto missing = parse_signed_operation(
      R"({"operation":{"op":"issue","actor":"core","date":"2026-01-10"},"signature":"00"})");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("operation.voucher"), std::string::npos);
  const auto bad_date = parse_signed_operation(
      R"({"operation":{"op":"accept","actor":"s1","date":"2026-02-30","voucher":"V1"},"signature":"00"})");
  EXPECT_NE(bad_date.error().message.find("operation.date"), std::string::npos);
  const auto bad_signature = parse_signed_operation(
      R"({"operation":{"op":"accept","actor":"s1","date":"2026-02-03","voucher":"V1"},"signature":"zz"})");
  EXPECT_NE(bad_signature.error().message.find("signature"), std::string::npos);
  EXPECT_FALSE(parse_signed_operation("[]").ok());
  EXPECT_FALSE(parse_signed_operation(R"({"operation":{"op":"mint"},"signature":""})").ok());
}

// SM2 and Ed25519 participants in one chain: each is checked under its own
// scheme, and SM2 registrations and signatures survive the log's JSON.
TEST(VoucherBookSchemesTest, Sm2AndEd25519ParticipantsShareOneBook) {
  const SigningKey platform = SigningKey::generate(SignatureScheme::kSm2).value();
  const SigningKey core = SigningKey::generate(SignatureScheme::kSm2).value();
  const SigningKey supplier = SigningKey::generate().value();
  const Date today = day("2026-03-02");
  VoucherBook book(platform.public_key());
  auto submit = [&](const SigningKey& key, Operation op) {
    const std::string entry = signed_operation_entry(sign_operation(key, std::move(op)).value());
    const auto parsed = parse_signed_operation(entry);
    return parsed.ok() ? book.apply(parsed.value()) : Status(parsed.error());
  };
  const Header by_platform{kPlatformId, today};
  ASSERT_TRUE(submit(platform, Register{by_platform, "core", Role::kCore, core.public_key()}).ok());
  ASSERT_TRUE(
      submit(platform, Register{by_platform, "s1", Role::kSupplier, supplier.public_key()}).ok());
  ASSERT_TRUE(submit(platform, GrantLine{by_platform, "core", 500'00}).ok());
  const Issue issue{{"core", today}, "V1", "s1", 500'00, add_days(today, 90), "PO-1", "INV-1"};
  ASSERT_TRUE(submit(core, issue).ok());
  // The supplier's Ed25519 key cannot act for the SM2 core, nor the other way.
  EXPECT_FALSE(submit(supplier, Accept{{"core", today}, "V1"}).ok());
  EXPECT_FALSE(submit(core, Accept{{"s1", today}, "V1"}).ok());
  ASSERT_TRUE(submit(supplier, Accept{{"s1", today}, "V1"}).ok());
  EXPECT_TRUE(book.vouchers().at("V1").accepted);
  EXPECT_TRUE(book.check_invariants().ok());
}

}  // namespace
}  // namespace smecredit::scf

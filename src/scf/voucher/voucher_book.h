// Receivable vouchers (应收账款电子凭证): a core enterprise's payment
// commitment that suppliers accept, split and pass down the tiers, and
// finance with funders, settled at maturity.
//
// The book is a pure state machine over signed operations: apply() checks
// the actor's Ed25519 signature over the operation's canonical bytes, checks
// every rule, and then changes the state — or returns an error and changes
// nothing. Replaying the same operations (for instance, the verifiable log's
// entries) always rebuilds the same state, so an auditor can recompute every
// balance.
//
// Invariants (checked by check_invariants() and the property tests):
//   - the live pieces of a voucher (held, in financing, or settled) sum to
//     its face amount exactly; a spent piece is never live again;
//   - only a piece's holder can transfer it or ask to finance it;
//   - on or after maturity only settlement happens (and, the day after
//     maturity without payment, the platform's overdue mark);
//   - a core enterprise's outstanding issuance never exceeds its line.
//
// Thread-safety: a value type; not safe for concurrent mutation.
//
// Example:
//   VoucherBook book(platform_key.public_key());
//   book.apply(sign(platform_key, Register{...}));
//   book.apply(sign(core_key, Issue{"V1", "core", "s1", 100000, maturity, ...}));
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/date.h"
#include "core/decimal.h"
#include "core/result.h"
#include "scf/log/signer.h"

namespace smecredit::scf {

enum class Role { kCore, kSupplier, kFunder };
std::string_view role_name(Role role);

inline constexpr char kPlatformId[] = "platform";
// Vouchers may run at most a year (the 2025 rules); six months by default.
inline constexpr int kMaxVoucherDays = 366;
inline constexpr int kDefaultVoucherMonths = 6;
// The maturity of a voucher issued on `issued_on` that names none.
Date default_maturity(Date issued_on);
inline constexpr size_t kMaxPartsPerTransfer = 1000;

// Every operation names its actor (the signer) and its business date.
struct Header {
  std::string actor;
  Date date;
};

struct Register {  // by the platform: onboard a participant and its key
  Header header;
  std::string participant;
  Role role;
  PublicKey public_key;
};
// By the platform: a core enterprise's issuance line, and the annual rate
// the risk process priced for the core (empty when none was priced). A
// funder discounts the core's vouchers at no less than that rate.
struct GrantLine {
  Header header;
  std::string core;
  int64_t limit_fen;
  std::optional<Decimal> risk_rate_percent = {};
};
struct Issue {  // by a core enterprise, to its first-tier supplier
  Header header;
  std::string voucher;
  std::string supplier;
  int64_t amount_fen;
  Date maturity;
  std::string contract_ref;
  std::string invoice_ref;
};
struct Accept {  // by the supplier the voucher was issued to
  Header header;
  std::string voucher;
};
struct Part {
  std::string piece;  // the new piece's id
  std::string holder;
  int64_t amount_fen;
};
struct Transfer {  // by a piece's holder: split it into parts for any holders
  Header header;
  std::string piece;
  std::vector<Part> parts;
};
struct RequestFinancing {  // by a piece's holder
  Header header;
  std::string piece;
  std::string funder;
  Decimal annual_discount_percent;  // the funder's price for the core's risk
  int64_t fee_fen;
  bool with_recourse;
};
struct ApproveFinancing {  // by the funder: ownership passes to it
  Header header;
  std::string piece;
};
// On or after maturity: by the core enterprise itself, or automatically by
// the platform once the core's payment has arrived (payment_ref: the bank's
// reference for it; empty when the core signs).
struct Settle {
  Header header;
  std::string voucher;
  std::string payment_ref = {};
};
struct MarkOverdue {  // by the platform, after maturity without payment
  Header header;
  std::string voucher;
};
struct Cancel {  // by the issuer, before acceptance
  Header header;
  std::string voucher;
};

using Operation = std::variant<Register, GrantLine, Issue, Accept, Transfer, RequestFinancing,
                               ApproveFinancing, Settle, Cancel, MarkOverdue>;

// "register", "grant_line", "issue", "accept", "transfer", "request_financing",
// "approve_financing", "settle", "cancel", "mark_overdue": the "op" field of
// canonical_text.
std::string_view operation_kind(const Operation& operation);

// The exact bytes an actor signs and the log stores: compact JSON with a
// fixed key order, amounts as integers of fen, dates as YYYY-MM-DD.
std::string canonical_text(const Operation& operation);

struct SignedOperation {
  Operation operation;
  Signature signature;
};

Result<SignedOperation> sign_operation(const SigningKey& key, Operation operation);

enum class PieceStatus { kHeld, kFinancing, kSpent, kSettled, kCancelled };
std::string_view piece_status_name(PieceStatus status);

struct Financing {
  std::string funder;
  int64_t discount_fen = 0;
  int64_t fee_fen = 0;
  int64_t net_proceeds_fen = 0;
  bool with_recourse = false;
  bool approved = false;
};

struct Piece {
  std::string id;
  std::string voucher;
  std::optional<std::string> parent;  // the piece it was split from
  std::string holder;
  int64_t amount_fen = 0;
  PieceStatus status = PieceStatus::kHeld;
  std::optional<Financing> financing;
};

struct Voucher {
  std::string id;
  std::string issuer;
  std::string supplier;
  int64_t amount_fen = 0;
  Date issued_on;
  Date maturity;
  std::string contract_ref;
  std::string invoice_ref;
  bool accepted = false;
  bool settled = false;
  bool cancelled = false;
  std::optional<Date> overdue_since = {};  // marked overdue on this date, not yet settled
};

// What settling paid: fen per current holder.
using Payments = std::map<std::string, int64_t>;

class VoucherBook {
 public:
  // Only `platform_key` may register participants and grant lines.
  explicit VoucherBook(const PublicKey& platform_key);

  // Verifies, checks and applies one operation; on error nothing changes.
  Status apply(const SignedOperation& signed_operation);
  // The same for a batch, in order, with the signatures checked on up to
  // `threads` threads first (keys never change once registered, so a
  // signature verified against the book as it stood stays valid); one
  // Status per operation.
  std::vector<Status> apply_batch(std::span<const SignedOperation> operations, int threads);

  const std::map<std::string, Voucher>& vouchers() const { return vouchers_; }
  const std::map<std::string, Piece>& pieces() const { return pieces_; }
  // The participant's registered role; nullopt when not registered.
  std::optional<Role> role_of(const std::string& participant) const;
  // The core enterprise's issuance line in fen (0 when none was granted).
  int64_t line_fen(const std::string& core) const;
  // The annual rate the risk process priced for the core, if any.
  std::optional<Decimal> risk_rate_percent(const std::string& core) const;
  // Outstanding (issued, not settled or cancelled) fen of a core enterprise.
  int64_t outstanding_fen(const std::string& core) const;
  // The latest settlement's payments per holder, by voucher.
  const std::map<std::string, Payments>& settlements() const { return settlements_; }
  // Every piece that descends from the voucher, in creation order.
  std::vector<const Piece*> lineage(const std::string& voucher) const;
  // Vouchers past maturity on `date` and not settled.
  std::vector<std::string> overdue(Date date) const;
  // kInternal naming the first broken invariant; for tests and audits.
  Status check_invariants() const;

 private:
  struct Member {
    Role role;
    PublicKey key;
  };

  Status verify(const SignedOperation& signed_operation) const;
  Status apply_verified(const Operation& operation);
  Status apply_one(const Register& op);
  Status apply_one(const GrantLine& op);
  Status apply_one(const Issue& op);
  Status apply_one(const Accept& op);
  Status apply_one(const Transfer& op);
  Status apply_one(const RequestFinancing& op);
  Status apply_one(const ApproveFinancing& op);
  Status apply_one(const Settle& op);
  Status apply_one(const Cancel& op);
  Status apply_one(const MarkOverdue& op);

  Result<const Member*> member(const std::string& id, Role role) const;
  Result<Voucher*> live_voucher(const std::string& id, Date date);
  Result<Piece*> held_piece(const std::string& id, const std::string& actor, Date date);

  PublicKey platform_key_;
  std::map<std::string, Member> members_;
  std::map<std::string, int64_t> lines_fen_;
  std::map<std::string, Decimal> risk_rates_percent_;
  std::map<std::string, Voucher> vouchers_;
  std::map<std::string, Piece> pieces_;
  std::vector<std::string> piece_order_;
  std::map<std::string, Payments> settlements_;
};

}  // namespace smecredit::scf

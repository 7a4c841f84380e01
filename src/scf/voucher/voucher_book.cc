#include "scf/voucher/voucher_book.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <thread>

#include "core/rounding.h"
#include "scf/merkle/hex.h"

namespace smecredit::scf {

namespace {

constexpr int64_t kMaxAmountFen = 1'000'000'000'000'000;  // 10^15 fen: no sum can overflow

Error invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}
Error refused(std::string message) {
  return Error{ErrorCode::kFailedPrecondition, std::move(message)};
}
Error conflict(std::string message) {
  return Error{ErrorCode::kConflict, std::move(message)};
}

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void put(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}
void put(Writer& w, const char* key, int64_t value) {
  w.Key(key);
  w.Int64(value);
}
void put(Writer& w, const char* key, Date value) {
  put(w, key, format_date(value));
}

void put_header(Writer& w, const Header& h) {
  put(w, "actor", h.actor);
  put(w, "date", h.date);
}

// By the Operation variant's index.
constexpr std::string_view kOperationKinds[] = {
    "register",          "grant_line",        "issue",  "accept", "transfer",
    "request_financing", "approve_financing", "settle", "cancel", "mark_overdue"};
static_assert(std::size(kOperationKinds) == std::variant_size_v<Operation>);

struct CanonicalWriter {
  Writer& w;
  void operator()(const Register& op) const {
    put_header(w, op.header);
    put(w, "participant", op.participant);
    put(w, "role", role_name(op.role));
    put(w, "public_key", to_hex(op.public_key.bytes()));
  }
  void operator()(const GrantLine& op) const {
    put_header(w, op.header);
    put(w, "core", op.core);
    put(w, "limit_fen", op.limit_fen);
    if (op.risk_rate_percent) put(w, "risk_rate_percent", op.risk_rate_percent->to_string());
  }
  void operator()(const Issue& op) const {
    put_header(w, op.header);
    put(w, "voucher", op.voucher);
    put(w, "supplier", op.supplier);
    put(w, "amount_fen", op.amount_fen);
    put(w, "maturity", op.maturity);
    put(w, "contract_ref", op.contract_ref);
    put(w, "invoice_ref", op.invoice_ref);
  }
  void operator()(const Accept& op) const {
    put_header(w, op.header);
    put(w, "voucher", op.voucher);
  }
  void operator()(const Transfer& op) const {
    put_header(w, op.header);
    put(w, "piece", op.piece);
    w.Key("parts");
    w.StartArray();
    for (const Part& part : op.parts) {
      w.StartObject();
      put(w, "piece", part.piece);
      put(w, "holder", part.holder);
      put(w, "amount_fen", part.amount_fen);
      w.EndObject();
    }
    w.EndArray();
  }
  void operator()(const RequestFinancing& op) const {
    put_header(w, op.header);
    put(w, "piece", op.piece);
    put(w, "funder", op.funder);
    put(w, "annual_discount_percent", op.annual_discount_percent.to_string());
    put(w, "fee_fen", op.fee_fen);
    w.Key("with_recourse");
    w.Bool(op.with_recourse);
  }
  void operator()(const ApproveFinancing& op) const {
    put_header(w, op.header);
    put(w, "piece", op.piece);
  }
  void operator()(const Settle& op) const {
    put_header(w, op.header);
    put(w, "voucher", op.voucher);
    // Only when set, so entries signed before automatic settlement keep
    // their bytes.
    if (!op.payment_ref.empty()) put(w, "payment_ref", op.payment_ref);
  }
  void operator()(const MarkOverdue& op) const {
    put_header(w, op.header);
    put(w, "voucher", op.voucher);
  }
  void operator()(const Cancel& op) const {
    put_header(w, op.header);
    put(w, "voucher", op.voucher);
  }
};

const Header& header_of(const Operation& operation) {
  return std::visit([](const auto& op) -> const Header& { return op.header; }, operation);
}

// Operations only the platform signs: onboarding, lines, overdue marks and
// settlements from the core's received payment.
bool is_platform_operation(const Operation& operation) {
  if (const auto* settle = std::get_if<Settle>(&operation)) return !settle->payment_ref.empty();
  return std::holds_alternative<Register>(operation) ||
         std::holds_alternative<GrantLine>(operation) ||
         std::holds_alternative<MarkOverdue>(operation);
}

bool valid_amount(int64_t fen) {
  return fen > 0 && fen <= kMaxAmountFen;
}

}  // namespace

Date default_maturity(Date issued_on) {
  return add_months_clamped(issued_on, kDefaultVoucherMonths);
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kCore:
      return "core";
    case Role::kSupplier:
      return "supplier";
    case Role::kFunder:
      return "funder";
  }
  return "supplier";
}

std::string_view piece_status_name(PieceStatus status) {
  switch (status) {
    case PieceStatus::kHeld:
      return "held";
    case PieceStatus::kFinancing:
      return "financing";
    case PieceStatus::kSpent:
      return "spent";
    case PieceStatus::kSettled:
      return "settled";
    case PieceStatus::kCancelled:
      return "cancelled";
  }
  return "held";
}

std::string_view operation_kind(const Operation& operation) {
  return kOperationKinds[operation.index()];
}

std::string canonical_text(const Operation& operation) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  put(w, "op", operation_kind(operation));
  std::visit(CanonicalWriter{w}, operation);
  w.EndObject();
  return buffer.GetString();
}

Result<SignedOperation> sign_operation(const SigningKey& key, Operation operation) {
  const std::string text = canonical_text(operation);
  SC_ASSIGN_OR_RETURN(
      Signature signature,
      key.sign(ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size())));
  return SignedOperation{std::move(operation), signature};
}

VoucherBook::VoucherBook(const PublicKey& platform_key) : platform_key_(platform_key) {}

Status VoucherBook::verify(const SignedOperation& signed_operation) const {
  const Header& header = header_of(signed_operation.operation);
  const bool platform_op = is_platform_operation(signed_operation.operation);
  if (platform_op != (header.actor == kPlatformId)) {
    return Error{ErrorCode::kPermissionDenied,
                 "only the platform registers participants, grants lines, marks vouchers "
                 "overdue and settles from a received payment, and nothing else"};
  }
  PublicKey key = platform_key_;
  if (!platform_op) {
    const auto found = members_.find(header.actor);
    if (found == members_.end()) {
      return Error{ErrorCode::kPermissionDenied, "unknown participant '" + header.actor + "'"};
    }
    key = found->second.key;
  }
  const std::string text = canonical_text(signed_operation.operation);
  return verify_signature(key, ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()),
                          signed_operation.signature);
}

Status VoucherBook::apply(const SignedOperation& signed_operation) {
  SC_RETURN_IF_ERROR(verify(signed_operation));
  return apply_verified(signed_operation.operation);
}

Status VoucherBook::apply_verified(const Operation& operation) {
  return std::visit([this](const auto& op) { return apply_one(op); }, operation);
}

std::vector<Status> VoucherBook::apply_batch(std::span<const SignedOperation> operations,
                                             int threads) {
  const size_t workers = static_cast<size_t>(std::clamp(threads, 1, 64));
  std::vector<char> verified(operations.size(), 0);
  {
    std::vector<std::thread> pool;
    pool.reserve(workers);
    for (size_t w = 0; w < workers; ++w) {
      pool.emplace_back([&, w] {
        for (size_t i = w; i < operations.size(); i += workers) {
          verified[i] = verify(operations[i]).ok() ? 1 : 0;
        }
      });
    }
    for (std::thread& t : pool) t.join();
  }
  std::vector<Status> results;
  results.reserve(operations.size());
  for (size_t i = 0; i < operations.size(); ++i) {
    // Not verified up front (an actor registered within this batch, or a bad
    // signature): apply() verifies again and reports why.
    results.push_back(verified[i] ? apply_verified(operations[i].operation) : apply(operations[i]));
  }
  return results;
}

Result<const VoucherBook::Member*> VoucherBook::member(const std::string& id, Role role) const {
  const auto found = members_.find(id);
  if (found == members_.end() || found->second.role != role) {
    return refused("'" + id + "' is not a registered " + std::string(role_name(role)));
  }
  return &found->second;
}

Result<Voucher*> VoucherBook::live_voucher(const std::string& id, Date date) {
  const auto found = vouchers_.find(id);
  if (found == vouchers_.end()) return Error{ErrorCode::kNotFound, "no voucher '" + id + "'"};
  Voucher& v = found->second;
  if (v.settled || v.cancelled) return conflict("voucher '" + id + "' is closed");
  if (date >= v.maturity)
    return refused("voucher '" + id + "' has matured: only settlement remains");
  return &v;
}

Result<Piece*> VoucherBook::held_piece(const std::string& id, const std::string& actor, Date date) {
  const auto found = pieces_.find(id);
  if (found == pieces_.end()) return Error{ErrorCode::kNotFound, "no piece '" + id + "'"};
  Piece& piece = found->second;
  if (piece.status != PieceStatus::kHeld) {
    return conflict("piece '" + id + "' is " + std::string(piece_status_name(piece.status)));
  }
  if (piece.holder != actor) {
    return Error{ErrorCode::kPermissionDenied, "only the holder of piece '" + id + "' may use it"};
  }
  if (piece.financing && piece.financing->approved) {
    return refused("piece '" + id + "' is financed: it stays with its funder until settlement");
  }
  SC_ASSIGN_OR_RETURN(Voucher * voucher, live_voucher(piece.voucher, date));
  if (!voucher->accepted) return refused("voucher '" + piece.voucher + "' is not accepted yet");
  return &piece;
}

Status VoucherBook::apply_one(const Register& op) {
  if (op.participant.empty() || op.participant == kPlatformId) {
    return invalid("participant id is empty or reserved");
  }
  if (members_.contains(op.participant)) return conflict("'" + op.participant + "' is registered");
  members_.emplace(op.participant, Member{op.role, op.public_key});
  return ok_status();
}

Status VoucherBook::apply_one(const GrantLine& op) {
  SC_RETURN_IF_ERROR(member(op.core, Role::kCore));
  if (op.limit_fen < 0 || op.limit_fen > kMaxAmountFen) return invalid("line out of range");
  if (op.limit_fen < outstanding_fen(op.core)) {
    return refused("the line would fall below what is outstanding");
  }
  if (op.risk_rate_percent &&
      (op.risk_rate_percent->is_negative() || *op.risk_rate_percent > Decimal::from_int(36))) {
    return invalid("risk_rate_percent must be 0..36");
  }
  lines_fen_[op.core] = op.limit_fen;
  if (op.risk_rate_percent) {
    risk_rates_percent_.insert_or_assign(op.core, *op.risk_rate_percent);
  } else {
    risk_rates_percent_.erase(op.core);
  }
  return ok_status();
}

Status VoucherBook::apply_one(const Issue& op) {
  SC_RETURN_IF_ERROR(member(op.header.actor, Role::kCore));
  SC_RETURN_IF_ERROR(member(op.supplier, Role::kSupplier));
  if (op.voucher.empty() || vouchers_.contains(op.voucher) || pieces_.contains(op.voucher)) {
    return conflict("voucher id '" + op.voucher + "' is empty or used");
  }
  if (!valid_amount(op.amount_fen)) return invalid("amount_fen must be 1..10^15");
  const int64_t days = days_between(op.header.date, op.maturity);
  if (days < 1 || days > kMaxVoucherDays) return invalid("maturity must be 1 to 366 days ahead");
  if (op.contract_ref.empty() || op.invoice_ref.empty()) {
    return invalid("a voucher needs its trade: contract_ref and invoice_ref");
  }
  if (outstanding_fen(op.header.actor) + op.amount_fen > line_fen(op.header.actor)) {
    return refused("issuance would exceed the core enterprise's line");
  }
  vouchers_.emplace(op.voucher,
                    Voucher{op.voucher, op.header.actor, op.supplier, op.amount_fen, op.header.date,
                            op.maturity, op.contract_ref, op.invoice_ref, false, false, false});
  pieces_.emplace(op.voucher, Piece{op.voucher, op.voucher, std::nullopt, op.supplier,
                                    op.amount_fen, PieceStatus::kHeld, std::nullopt});
  piece_order_.push_back(op.voucher);
  return ok_status();
}

Status VoucherBook::apply_one(const Accept& op) {
  SC_ASSIGN_OR_RETURN(Voucher * v, live_voucher(op.voucher, op.header.date));
  if (v->supplier != op.header.actor) {
    return Error{ErrorCode::kPermissionDenied, "only the named supplier accepts a voucher"};
  }
  if (v->accepted) return conflict("voucher '" + op.voucher + "' is already accepted");
  v->accepted = true;
  return ok_status();
}

Status VoucherBook::apply_one(const Transfer& op) {
  SC_ASSIGN_OR_RETURN(Piece * piece, held_piece(op.piece, op.header.actor, op.header.date));
  if (op.parts.empty() || op.parts.size() > kMaxPartsPerTransfer) {
    return invalid("a transfer has 1 to 1000 parts");
  }
  int64_t total = 0;
  std::map<std::string, bool> new_ids;
  for (const Part& part : op.parts) {
    if (!valid_amount(part.amount_fen)) return invalid("every part needs a positive amount");
    total += part.amount_fen;  // bounded: each <= 10^15, at most 1000 parts
    SC_RETURN_IF_ERROR(member(part.holder, Role::kSupplier));
    if (part.piece.empty() || pieces_.contains(part.piece) || vouchers_.contains(part.piece) ||
        !new_ids.emplace(part.piece, true).second) {
      return conflict("piece id '" + part.piece + "' is empty or used");
    }
  }
  if (total != piece->amount_fen) {
    return invalid("the parts sum to " + std::to_string(total) + " fen, the piece holds " +
                   std::to_string(piece->amount_fen));
  }
  piece->status = PieceStatus::kSpent;
  const std::string voucher = piece->voucher;
  for (const Part& part : op.parts) {
    pieces_.emplace(part.piece, Piece{part.piece, voucher, op.piece, part.holder, part.amount_fen,
                                      PieceStatus::kHeld, std::nullopt});
    piece_order_.push_back(part.piece);
  }
  return ok_status();
}

Status VoucherBook::apply_one(const RequestFinancing& op) {
  SC_ASSIGN_OR_RETURN(Piece * piece, held_piece(op.piece, op.header.actor, op.header.date));
  SC_RETURN_IF_ERROR(member(op.funder, Role::kFunder));
  if (op.annual_discount_percent.is_negative() ||
      op.annual_discount_percent > Decimal::from_int(36)) {
    return invalid("annual_discount_percent must be 0..36");
  }
  if (op.fee_fen < 0 || op.fee_fen > kMaxAmountFen) return invalid("fee_fen out of range");
  const Voucher& v = vouchers_.at(piece->voucher);
  if (const auto floor = risk_rate_percent(v.issuer);
      floor && op.annual_discount_percent < *floor) {
    return refused("annual_discount_percent is below the core enterprise's risk price, " +
                   floor->to_string() + "%");
  }
  const int64_t days = days_between(op.header.date, v.maturity);
  // Discount = amount * rate% * days / 360 (ACT/360), rounded half-up to the fen.
  const Int128 numerator = Int128{piece->amount_fen} * op.annual_discount_percent.mantissa() * days;
  const Int128 denominator = Int128{36000} * power_of_ten(op.annual_discount_percent.scale());
  const auto discount_fen =
      static_cast<int64_t>(divide_rounded(numerator, denominator, Rounding::kHalfUp));
  const int64_t net_fen = piece->amount_fen - discount_fen - op.fee_fen;
  if (net_fen <= 0) return refused("discount and fee leave no proceeds");
  piece->status = PieceStatus::kFinancing;
  piece->financing =
      Financing{op.funder, discount_fen, op.fee_fen, net_fen, op.with_recourse, false};
  return ok_status();
}

Status VoucherBook::apply_one(const ApproveFinancing& op) {
  const auto found = pieces_.find(op.piece);
  if (found == pieces_.end()) return Error{ErrorCode::kNotFound, "no piece '" + op.piece + "'"};
  Piece& piece = found->second;
  if (piece.status != PieceStatus::kFinancing || !piece.financing) {
    return conflict("piece '" + op.piece + "' has no pending financing");
  }
  if (piece.financing->funder != op.header.actor) {
    return Error{ErrorCode::kPermissionDenied, "only the named funder approves"};
  }
  SC_RETURN_IF_ERROR(live_voucher(piece.voucher, op.header.date));
  piece.holder = op.header.actor;
  piece.status = PieceStatus::kHeld;
  piece.financing->approved = true;
  return ok_status();
}

Status VoucherBook::apply_one(const Settle& op) {
  const auto found = vouchers_.find(op.voucher);
  if (found == vouchers_.end())
    return Error{ErrorCode::kNotFound, "no voucher '" + op.voucher + "'"};
  Voucher& v = found->second;
  if (v.issuer != op.header.actor && op.header.actor != kPlatformId) {
    return Error{ErrorCode::kPermissionDenied, "only the issuer settles its voucher"};
  }
  if (v.settled || v.cancelled || !v.accepted) {
    return conflict("voucher '" + op.voucher + "' is not open and accepted");
  }
  if (op.header.date < v.maturity) return refused("voucher '" + op.voucher + "' has not matured");
  Payments payments;
  for (const std::string& id : piece_order_) {
    Piece& piece = pieces_.at(id);
    if (piece.voucher != op.voucher) continue;
    if (piece.status != PieceStatus::kHeld && piece.status != PieceStatus::kFinancing) continue;
    payments[piece.holder] += piece.amount_fen;
    piece.status = PieceStatus::kSettled;
  }
  v.settled = true;
  settlements_[op.voucher] = std::move(payments);
  return ok_status();
}

Status VoucherBook::apply_one(const MarkOverdue& op) {
  const auto found = vouchers_.find(op.voucher);
  if (found == vouchers_.end())
    return Error{ErrorCode::kNotFound, "no voucher '" + op.voucher + "'"};
  Voucher& v = found->second;
  if (v.settled || v.cancelled || !v.accepted) {
    return conflict("voucher '" + op.voucher + "' is not open and accepted");
  }
  if (op.header.date <= v.maturity) {
    return refused("voucher '" + op.voucher + "' is not past maturity");
  }
  if (v.overdue_since) return conflict("voucher '" + op.voucher + "' is already overdue");
  v.overdue_since = op.header.date;
  return ok_status();
}

Status VoucherBook::apply_one(const Cancel& op) {
  SC_ASSIGN_OR_RETURN(Voucher * v, live_voucher(op.voucher, op.header.date));
  if (v->issuer != op.header.actor) {
    return Error{ErrorCode::kPermissionDenied, "only the issuer cancels its voucher"};
  }
  if (v->accepted) return refused("an accepted voucher cannot be cancelled");
  v->cancelled = true;
  pieces_.at(op.voucher).status = PieceStatus::kCancelled;
  return ok_status();
}

std::optional<Role> VoucherBook::role_of(const std::string& participant) const {
  const auto found = members_.find(participant);
  if (found == members_.end()) return std::nullopt;
  return found->second.role;
}

int64_t VoucherBook::line_fen(const std::string& core) const {
  const auto found = lines_fen_.find(core);
  return found == lines_fen_.end() ? 0 : found->second;
}

std::optional<Decimal> VoucherBook::risk_rate_percent(const std::string& core) const {
  const auto found = risk_rates_percent_.find(core);
  if (found == risk_rates_percent_.end()) return std::nullopt;
  return found->second;
}

int64_t VoucherBook::outstanding_fen(const std::string& core) const {
  int64_t total = 0;
  for (const auto& [id, v] : vouchers_) {
    if (v.issuer == core && !v.settled && !v.cancelled) total += v.amount_fen;
  }
  return total;
}

std::vector<const Piece*> VoucherBook::lineage(const std::string& voucher) const {
  std::vector<const Piece*> out;
  for (const std::string& id : piece_order_) {
    const Piece& piece = pieces_.at(id);
    if (piece.voucher == voucher) out.push_back(&piece);
  }
  return out;
}

std::vector<std::string> VoucherBook::overdue(Date date) const {
  std::vector<std::string> out;
  for (const auto& [id, v] : vouchers_) {
    if (!v.settled && !v.cancelled && v.accepted && date > v.maturity) out.push_back(id);
  }
  return out;
}

Status VoucherBook::check_invariants() const {
  std::map<std::string, int64_t> live_fen;
  for (const auto& [id, piece] : pieces_) {
    if (piece.status == PieceStatus::kHeld || piece.status == PieceStatus::kFinancing ||
        piece.status == PieceStatus::kSettled) {
      live_fen[piece.voucher] += piece.amount_fen;
    }
  }
  for (const auto& [id, v] : vouchers_) {
    const int64_t expected = v.cancelled ? 0 : v.amount_fen;
    if (live_fen[id] != expected) {
      return Error{ErrorCode::kInternal, "voucher '" + id + "' pieces do not sum to its amount"};
    }
  }
  for (const auto& [core, limit] : lines_fen_) {
    if (outstanding_fen(core) > limit) {
      return Error{ErrorCode::kInternal, "core '" + core + "' exceeds its line"};
    }
  }
  return ok_status();
}

}  // namespace smecredit::scf

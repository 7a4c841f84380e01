#include "scf/voucher/operation_codec.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "scf/merkle/hex.h"

namespace smecredit::scf {

namespace {

using rapidjson::Value;

constexpr size_t kMaxOperationBytes = size_t{256} * 1024;

Error bad(const std::string& field, const std::string& why) {
  return Error{ErrorCode::kInvalidArgument, "operation." + field + ": " + why};
}

Result<std::string> text(const Value& o, const char* field) {
  if (!o.HasMember(field) || !o[field].IsString()) return bad(field, "a string is required");
  return std::string(o[field].GetString(), o[field].GetStringLength());
}

Result<int64_t> integer(const Value& o, const char* field) {
  if (!o.HasMember(field) || !o[field].IsInt64()) return bad(field, "an integer is required");
  return o[field].GetInt64();
}

Result<Date> date(const Value& o, const char* field) {
  SC_ASSIGN_OR_RETURN(std::string t, text(o, field));
  auto parsed = parse_date(t);
  if (!parsed.ok()) return bad(field, parsed.error().message);
  return parsed.value();
}

template <size_t N>
Result<std::array<uint8_t, N>> hex_bytes(const std::string& hex, const char* field) {
  auto bytes = bytes_from_hex(hex);
  if (!bytes.ok() || bytes.value().size() != N) {
    return bad(field, std::to_string(2 * N) + " hex digits are required");
  }
  std::array<uint8_t, N> out{};
  std::copy(bytes.value().begin(), bytes.value().end(), out.begin());
  return out;
}

Result<Role> role(const Value& o) {
  SC_ASSIGN_OR_RETURN(std::string name, text(o, "role"));
  for (Role r : {Role::kCore, Role::kSupplier, Role::kFunder}) {
    if (role_name(r) == name) return r;
  }
  return bad("role", "core, supplier or funder");
}

Result<std::vector<Part>> parts(const Value& o) {
  if (!o.HasMember("parts") || !o["parts"].IsArray()) return bad("parts", "an array is required");
  std::vector<Part> out;
  for (const Value& p : o["parts"].GetArray()) {
    if (!p.IsObject() || out.size() == kMaxPartsPerTransfer) return bad("parts", "malformed part");
    SC_ASSIGN_OR_RETURN(std::string piece, text(p, "piece"));
    SC_ASSIGN_OR_RETURN(std::string holder, text(p, "holder"));
    SC_ASSIGN_OR_RETURN(int64_t amount, integer(p, "amount_fen"));
    out.push_back({std::move(piece), std::move(holder), amount});
  }
  return out;
}

Result<Operation> operation(const Value& o) {
  if (!o.IsObject()) return bad("", "an object is required");
  SC_ASSIGN_OR_RETURN(std::string kind, text(o, "op"));
  SC_ASSIGN_OR_RETURN(std::string actor, text(o, "actor"));
  SC_ASSIGN_OR_RETURN(Date on, date(o, "date"));
  Header h{std::move(actor), on};
  if (kind == "register") {
    SC_ASSIGN_OR_RETURN(std::string participant, text(o, "participant"));
    SC_ASSIGN_OR_RETURN(Role r, role(o));
    SC_ASSIGN_OR_RETURN(std::string key_hex, text(o, "public_key"));
    auto key = PublicKey::from_hex(key_hex);
    if (!key.ok()) return bad("public_key", key.error().message);
    return Operation{Register{std::move(h), std::move(participant), r, key.value()}};
  }
  if (kind == "grant_line") {
    SC_ASSIGN_OR_RETURN(std::string core, text(o, "core"));
    SC_ASSIGN_OR_RETURN(int64_t limit, integer(o, "limit_fen"));
    std::optional<Decimal> risk_rate;
    if (o.HasMember("risk_rate_percent")) {
      SC_ASSIGN_OR_RETURN(std::string rate_text, text(o, "risk_rate_percent"));
      auto rate = Decimal::parse(rate_text);
      if (!rate.ok()) return bad("risk_rate_percent", rate.error().message);
      risk_rate = rate.value();
    }
    return Operation{GrantLine{std::move(h), std::move(core), limit, risk_rate}};
  }
  if (kind == "issue") {
    SC_ASSIGN_OR_RETURN(std::string voucher, text(o, "voucher"));
    SC_ASSIGN_OR_RETURN(std::string supplier, text(o, "supplier"));
    SC_ASSIGN_OR_RETURN(int64_t amount, integer(o, "amount_fen"));
    Date maturity = default_maturity(h.date);
    if (o.HasMember("maturity")) {
      SC_ASSIGN_OR_RETURN(maturity, date(o, "maturity"));
    }
    SC_ASSIGN_OR_RETURN(std::string contract, text(o, "contract_ref"));
    SC_ASSIGN_OR_RETURN(std::string invoice, text(o, "invoice_ref"));
    return Operation{Issue{std::move(h), std::move(voucher), std::move(supplier), amount, maturity,
                           std::move(contract), std::move(invoice)}};
  }
  if (kind == "transfer") {
    SC_ASSIGN_OR_RETURN(std::string piece, text(o, "piece"));
    SC_ASSIGN_OR_RETURN(std::vector<Part> p, parts(o));
    return Operation{Transfer{std::move(h), std::move(piece), std::move(p)}};
  }
  if (kind == "request_financing") {
    SC_ASSIGN_OR_RETURN(std::string piece, text(o, "piece"));
    SC_ASSIGN_OR_RETURN(std::string funder, text(o, "funder"));
    SC_ASSIGN_OR_RETURN(std::string rate_text, text(o, "annual_discount_percent"));
    auto rate = Decimal::parse(rate_text);
    if (!rate.ok()) return bad("annual_discount_percent", rate.error().message);
    SC_ASSIGN_OR_RETURN(int64_t fee, integer(o, "fee_fen"));
    if (!o.HasMember("with_recourse") || !o["with_recourse"].IsBool()) {
      return bad("with_recourse", "true or false is required");
    }
    return Operation{RequestFinancing{std::move(h), std::move(piece), std::move(funder),
                                      rate.value(), fee, o["with_recourse"].GetBool()}};
  }
  if (kind == "accept" || kind == "settle" || kind == "cancel" || kind == "mark_overdue") {
    SC_ASSIGN_OR_RETURN(std::string voucher, text(o, "voucher"));
    if (kind == "accept") return Operation{Accept{std::move(h), std::move(voucher)}};
    if (kind == "cancel") return Operation{Cancel{std::move(h), std::move(voucher)}};
    if (kind == "mark_overdue") return Operation{MarkOverdue{std::move(h), std::move(voucher)}};
    std::string payment_ref;
    if (o.HasMember("payment_ref")) {
      SC_ASSIGN_OR_RETURN(payment_ref, text(o, "payment_ref"));
      if (payment_ref.empty()) return bad("payment_ref", "omit it or give the bank's reference");
    }
    return Operation{Settle{std::move(h), std::move(voucher), std::move(payment_ref)}};
  }
  if (kind == "approve_financing") {
    SC_ASSIGN_OR_RETURN(std::string piece, text(o, "piece"));
    return Operation{ApproveFinancing{std::move(h), std::move(piece)}};
  }
  return bad("op", "unknown operation '" + kind + "'");
}

}  // namespace

Result<SignedOperation> parse_signed_operation(std::string_view json) {
  if (json.size() > kMaxOperationBytes) {
    return Error{ErrorCode::kInvalidArgument, "a signed operation is at most 256 KiB"};
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(json.data(),
                                                                                    json.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return Error{ErrorCode::kInvalidArgument, "a signed operation is a JSON object"};
  }
  if (!doc.HasMember("operation")) return bad("", "'operation' is required");
  SC_ASSIGN_OR_RETURN(Operation op, operation(doc["operation"]));
  if (!doc.HasMember("signature") || !doc["signature"].IsString()) {
    return Error{ErrorCode::kInvalidArgument, "signature: 128 hex digits are required"};
  }
  SC_ASSIGN_OR_RETURN(Signature signature,
                      hex_bytes<kSignatureBytes>(doc["signature"].GetString(), "signature"));
  return SignedOperation{std::move(op), signature};
}

std::string signed_operation_entry(const SignedOperation& signed_operation) {
  return "{\"operation\":" + canonical_text(signed_operation.operation) + ",\"signature\":\"" +
         to_hex(signed_operation.signature) + "\"}";
}

}  // namespace smecredit::scf

#include "origination/internal/records.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>

namespace smecredit::origination::internal {

namespace {

using Buffer = rapidjson::StringBuffer;
using Writer = rapidjson::Writer<Buffer>;

constexpr std::string_view kApplicationColumns =
    "id, enterprise_id, product_code, product_version, requested_minor, installments, purpose, "
    "stage, decision, limit_minor, rate_percent, offer, offer_expires_at, contract_sha256, "
    "contract_text, borrower_signature, platform_signature, signed_at, collateral, review, "
    "loan_id, submitted_at, updated_at, row_version";

void field(Writer& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void field(Writer& w, std::string_view key, int64_t value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.Int64(value);
}

std::string text_or_empty(const store::Row& row, size_t column) {
  return row.is_null(column) ? std::string() : row.text(column);
}

store::Value nullable(const std::string& text) {
  return text.empty() ? store::Value{} : store::Value{text};
}

store::Value nullable(const std::optional<int64_t>& value) {
  return value ? store::Value{*value} : store::Value{};
}

Result<ApplicationRecord> application_from_row(const store::Row& row) {
  ApplicationRecord r;
  r.id = row.text(0);
  r.enterprise_id = row.text(1);
  r.product_code = row.text(2);
  r.product_version = static_cast<int>(row.integer(3));
  r.requested_minor = row.integer(4);
  r.installments = static_cast<int>(row.integer(5));
  r.purpose = row.text(6);
  SC_ASSIGN_OR_RETURN(r.stage, parse_stage(row.text(7)));
  r.decision_json = text_or_empty(row, 8);
  if (!row.is_null(9)) r.limit_minor = row.integer(9);
  r.rate_percent = text_or_empty(row, 10);
  r.offer_json = text_or_empty(row, 11);
  r.offer_expires_at = text_or_empty(row, 12);
  r.contract_sha256 = text_or_empty(row, 13);
  r.contract_text = text_or_empty(row, 14);
  r.borrower_signature = text_or_empty(row, 15);
  r.platform_signature = text_or_empty(row, 16);
  r.signed_at = text_or_empty(row, 17);
  r.collateral_json = text_or_empty(row, 18);
  r.review_json = text_or_empty(row, 19);
  if (!row.is_null(20)) r.loan_id = row.integer(20);
  r.submitted_at = row.text(21);
  r.updated_at = row.text(22);
  r.row_version = row.integer(23);
  return r;
}

// Personal data travels as one sealed JSON document per enterprise, bound to
// its row by the associated data.
std::string personal_json(const EnterpriseInput& in) {
  Buffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "legal_rep_name", in.legal_rep.name);
  field(w, "legal_rep_id", in.legal_rep.id_number);
  field(w, "legal_rep_phone", in.legal_rep.phone);
  field(w, "bank_account", in.bank_account);
  w.Key("owners");
  w.StartArray();
  for (const Owner& o : in.owners) {
    w.StartObject();
    field(w, "name", o.name);
    field(w, "id_number", o.id_number);
    field(w, "share_percent", o.share_percent.to_string());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buffer.GetString();
}

std::string string_member(const rapidjson::Value& v, const char* name) {
  const auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string();
}

Status open_personal(std::string_view json, EnterpriseInput& in) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("owners") ||
      !doc["owners"].IsArray()) {
    return Error{ErrorCode::kInternal, "an enterprise's sealed data is not readable"};
  }
  in.legal_rep.name = string_member(doc, "legal_rep_name");
  in.legal_rep.id_number = string_member(doc, "legal_rep_id");
  in.legal_rep.phone = string_member(doc, "legal_rep_phone");
  in.bank_account = string_member(doc, "bank_account");
  for (const auto& o : doc["owners"].GetArray()) {
    SC_ASSIGN_OR_RETURN(Decimal share, Decimal::parse(string_member(o, "share_percent")));
    in.owners.push_back({string_member(o, "name"), string_member(o, "id_number"), share});
  }
  return ok_status();
}

std::string personal_aad(std::string_view enterprise_id) {
  return "enterprise:" + std::string(enterprise_id) + ":personal";
}

}  // namespace

Result<ApplicationRecord> load_application(store::Transaction& tx, std::string_view id) {
  SC_ASSIGN_OR_RETURN(store::Rows rows, tx.query("SELECT " + std::string(kApplicationColumns) +
                                                     " FROM applications WHERE id = ?",
                                                 {std::string(id)}));
  if (rows.empty()) return Error{ErrorCode::kNotFound, "no such application"};
  return application_from_row(rows[0]);
}

Status insert_application(store::Transaction& tx, const ApplicationRecord& r) {
  SC_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.execute("INSERT INTO applications (id, enterprise_id, product_code, product_version, "
                 "requested_minor, installments, purpose, stage, submitted_at, updated_at, "
                 "row_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                 {r.id, r.enterprise_id, r.product_code, int64_t{r.product_version},
                  r.requested_minor, int64_t{r.installments}, r.purpose,
                  std::string(stage_name(r.stage)), r.submitted_at, r.updated_at}));
  return store::expect_one_row_changed(inserted, "application");
}

Status update_application(store::Transaction& tx, ApplicationRecord& r) {
  SC_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.execute(
          "UPDATE applications SET stage = ?, decision = ?, limit_minor = ?, "
          "rate_percent = ?, offer = ?, offer_expires_at = ?, contract_sha256 = ?, "
          "contract_text = ?, borrower_signature = ?, platform_signature = ?, "
          "signed_at = ?, collateral = ?, review = ?, loan_id = ?, updated_at = ?, "
          "row_version = row_version + 1 WHERE id = ? AND row_version = ?",
          {std::string(stage_name(r.stage)), nullable(r.decision_json), nullable(r.limit_minor),
           nullable(r.rate_percent), nullable(r.offer_json), nullable(r.offer_expires_at),
           nullable(r.contract_sha256), nullable(r.contract_text), nullable(r.borrower_signature),
           nullable(r.platform_signature), nullable(r.signed_at), nullable(r.collateral_json),
           nullable(r.review_json), nullable(r.loan_id), r.updated_at, r.id, r.row_version}));
  SC_RETURN_IF_ERROR(store::expect_one_row_changed(changed, "application " + r.id));
  ++r.row_version;
  return ok_status();
}

Result<EnterpriseRecord> load_enterprise(store::Transaction& tx, std::string_view id,
                                         const security::DataSealer& sealer) {
  SC_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.query("SELECT id, uscc, name, kind, industry, region, personal_sealed, "
               "borrower_public_key, referred_by, kyc_status, created_at FROM enterprises "
               "WHERE id = ?",
               {std::string(id)}));
  if (rows.empty()) return Error{ErrorCode::kNotFound, "no such enterprise"};
  const store::Row& row = rows[0];
  EnterpriseRecord r;
  r.id = row.text(0);
  r.data.uscc = row.text(1);
  r.data.name = row.text(2);
  r.data.kind = row.text(3);
  r.data.industry = row.text(4);
  r.data.region = row.text(5);
  SC_ASSIGN_OR_RETURN(const std::string personal, sealer.open(row.text(6), personal_aad(r.id)));
  SC_RETURN_IF_ERROR(open_personal(personal, r.data));
  r.data.borrower_public_key = text_or_empty(row, 7);
  r.data.referred_by = text_or_empty(row, 8);
  r.kyc_status = row.text(9);
  r.created_at = row.text(10);
  return r;
}

Status insert_enterprise(store::Transaction& tx, const EnterpriseRecord& r,
                         const security::DataSealer& sealer) {
  SC_ASSIGN_OR_RETURN(store::Rows existing,
                      tx.query("SELECT id FROM enterprises WHERE uscc = ?", {r.data.uscc}));
  if (!existing.empty()) {
    return Error{ErrorCode::kAlreadyExists,
                 "an enterprise with this unified social credit code is registered as " +
                     existing[0].text(0)};
  }
  SC_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.execute("INSERT INTO enterprises (id, uscc, name, kind, industry, region, "
                 "personal_sealed, borrower_public_key, referred_by, kyc_status, created_at, "
                 "row_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                 {r.id, r.data.uscc, r.data.name, r.data.kind, r.data.industry, r.data.region,
                  sealer.seal(personal_json(r.data), personal_aad(r.id)),
                  nullable(r.data.borrower_public_key), nullable(r.data.referred_by), r.kyc_status,
                  r.created_at}));
  return store::expect_one_row_changed(inserted, "enterprise");
}

std::string stage_snapshot(const ApplicationRecord& record) {
  Buffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "stage", stage_name(record.stage));
  field(w, "row_version", record.row_version);
  w.EndObject();
  return buffer.GetString();
}

std::string offer_to_json(std::string_view offer_id, const Offer& offer,
                          std::string_view expires_at) {
  Buffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "id", offer_id);
  field(w, "product_code", offer.product_code);
  field(w, "product_version", offer.product_version);
  field(w, "amount", offer.amount.to_string());
  field(w, "amount_fen", offer.amount.minor_units());
  field(w, "annual_rate_percent", offer.annual_rate_percent.to_string());
  field(w, "apr_percent", offer.apr_percent.to_string());
  field(w, "installments", offer.installments);
  field(w, "upfront_fee", offer.upfront_fee.to_string());
  field(w, "start", format_date(offer.start));
  field(w, "first_due", format_date(offer.first_due));
  field(w, "expires_at", expires_at);
  w.Key("schedule");
  w.StartArray();
  for (const loan::Installment& i : offer.schedule.installments) {
    w.StartObject();
    field(w, "number", i.number);
    field(w, "due_date", format_date(i.due_date));
    field(w, "principal", i.principal.to_string());
    field(w, "interest", i.interest.to_string());
    field(w, "fees", i.fees.to_string());
    field(w, "total", i.total.to_string());
    field(w, "balance", i.balance.to_string());
    w.EndObject();
  }
  w.EndArray();
  field(w, "total_interest", offer.schedule.total_interest.to_string());
  w.EndObject();
  return buffer.GetString();
}

std::string decision_to_json(const Underwriting& result) {
  Buffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "outcome", outcome_name(result.outcome));
  field(w, "decision_id", result.decision_id);
  field(w, "limit", result.limit.to_string());
  field(w, "annual_rate_percent", result.annual_rate_percent.to_string());
  w.Key("reasons");
  w.StartArray();
  for (const Reason& reason : result.reasons) {
    w.StartObject();
    field(w, "code", reason.code);
    field(w, "text", reason.text);
    w.EndObject();
  }
  w.EndArray();
  w.Key("factors");
  w.StartArray();
  for (const Factor& factor : result.factors) {
    w.StartObject();
    field(w, "model", factor.model);
    field(w, "feature", factor.feature);
    field(w, "text", factor.text);
    w.Key("contribution");
    // Four decimals are all a reader needs; the exact value is in the model.
    w.Double(std::isfinite(factor.contribution) ? std::round(factor.contribution * 10'000) / 10'000
                                                : 0.0);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buffer.GetString();
}

std::string review_to_json(std::string_view officer, bool approve, std::string_view reason,
                           std::string_view at, std::string_view first_officer) {
  Buffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "officer", officer);
  field(w, "decision", approve ? "approve" : "decline");
  field(w, "reason", reason);
  field(w, "at", at);
  if (!first_officer.empty()) field(w, "first_officer", first_officer);
  w.EndObject();
  return buffer.GetString();
}

std::string collateral_to_json(const CollateralInput& c) {
  Buffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "type", c.type);
  field(w, "identifier", c.identifier);
  field(w, "valuation", c.valuation.to_string());
  field(w, "valuation_fen", c.valuation.minor_units());
  field(w, "lien_reference", c.lien_reference);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace smecredit::origination::internal

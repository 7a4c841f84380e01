#include "origination/origination_service.h"

#include <rapidjson/document.h>

#include "core/business_date.h"
#include "loan/servicing.h"
#include "origination/internal/records.h"
#include "origination/offer.h"
#include "scf/merkle/hex.h"
#include "security/digest.h"
#include "security/random.h"
#include "servicing/loan_repository.h"
#include "servicing/loan_service.h"
#include "store/outbox.h"

namespace smecredit::origination {

namespace {

using internal::load_application;
using internal::stage_snapshot;

constexpr std::string_view kApplicationPrefix = "app_";
constexpr std::string_view kOfferPrefix = "off_";
constexpr std::string_view kContractPrefix = "con_";
constexpr size_t kMaxPurposeBytes = 200;
constexpr size_t kMaxReasonBytes = 500;

std::string suffix_of(std::string_view id) {
  return std::string(id.substr(4));
}

Status step(ApplicationRecord& r, Action action, const TransitionContext& context = {}) {
  SC_ASSIGN_OR_RETURN(r.stage, transition(r.stage, action, context));
  return ok_status();
}

Status check_text(std::string_view field, std::string_view value, size_t max_bytes) {
  if (value.empty() || value.size() > max_bytes) {
    return Error{ErrorCode::kInvalidArgument,
                 std::string(field) + " must be 1-" + std::to_string(max_bytes) + " bytes"};
  }
  return ok_status();
}

Status check_application(const ApplicationInput& in, const loan::Product& product) {
  SC_RETURN_IF_ERROR(check_text("purpose", in.purpose, kMaxPurposeBytes));
  if (in.amount.currency() != product.currency) {
    return Error{ErrorCode::kInvalidArgument, "amount: not in the product's currency"};
  }
  if (in.amount.minor_units() < product.min_amount_minor ||
      in.amount.minor_units() > product.max_amount_minor) {
    return Error{
        ErrorCode::kOutOfRange,
        "amount: outside the product's range " +
            Money::from_minor_units(product.min_amount_minor, product.currency).to_string() + "-" +
            Money::from_minor_units(product.max_amount_minor, product.currency).to_string()};
  }
  if (in.installments < product.min_installments || in.installments > product.max_installments) {
    return Error{ErrorCode::kOutOfRange, "installments: outside the product's range " +
                                             std::to_string(product.min_installments) + "-" +
                                             std::to_string(product.max_installments)};
  }
  return ok_status();
}

Result<int64_t> offer_amount_minor(const ApplicationRecord& r) {
  rapidjson::Document doc;
  doc.Parse(r.offer_json.data(), r.offer_json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("amount_fen") ||
      !doc["amount_fen"].IsInt64()) {
    return Error{ErrorCode::kInternal, "application " + r.id + " has no readable offer"};
  }
  return doc["amount_fen"].GetInt64();
}

Result<int64_t> collateral_value_minor(const ApplicationRecord& r) {
  rapidjson::Document doc;
  doc.Parse(r.collateral_json.data(), r.collateral_json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("valuation_fen") ||
      !doc["valuation_fen"].IsInt64()) {
    return Error{ErrorCode::kInternal, "application " + r.id + " has no readable collateral"};
  }
  return doc["valuation_fen"].GetInt64();
}

Status insert_disbursement(store::Transaction& tx, const ApplicationRecord& r, int64_t net_minor,
                           std::string sealed_account, Timestamp now) {
  SC_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.execute("INSERT INTO disbursements (application_id, amount_minor, account_sealed, state, "
                 "attempts, updated_at) VALUES (?, ?, ?, 'pending', 0, ?)",
                 {r.id, net_minor, std::move(sealed_account), format_timestamp(now)}));
  return store::expect_one_row_changed(inserted, "disbursement");
}

std::string account_aad(std::string_view application_id) {
  return "disbursement:" + std::string(application_id) + ":account";
}

// Attaches an offer and its contract to the record (approve and officer
// approval share this).
Status attach_offer(ApplicationRecord& r, const loan::Product& product,
                    std::string_view enterprise_name, std::string_view uscc, Timestamp now,
                    const OriginationOptions& options) {
  SC_ASSIGN_OR_RETURN(const Decimal rate, Decimal::parse(r.rate_percent));
  SC_ASSIGN_OR_RETURN(
      const Offer offer,
      make_offer(product, Money::from_minor_units(r.requested_minor, product.currency),
                 r.installments, rate,
                 Money::from_minor_units(r.limit_minor.value_or(0), product.currency),
                 business_date(now), &options.apr_caps));
  r.offer_expires_at = format_timestamp(now + options.offer_ttl);
  r.offer_json = internal::offer_to_json(offer_id_of(r.id), offer, r.offer_expires_at);
  r.contract_text = contract_text(contract_id_of(r.id), enterprise_name, uscc, offer);
  r.contract_sha256 = security::to_hex(security::sha256(r.contract_text));
  return ok_status();
}

}  // namespace

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kApprove:
      return "approve";
    case Outcome::kDecline:
      return "decline";
    case Outcome::kRefer:
      return "refer";
  }
  return "decline";
}

std::string offer_id_of(std::string_view application_id) {
  return std::string(kOfferPrefix) + suffix_of(application_id);
}

std::string contract_id_of(std::string_view application_id) {
  return std::string(kContractPrefix) + suffix_of(application_id);
}

Result<std::string> application_id_from(std::string_view id) {
  if (id.size() > 4 && (id.starts_with(kOfferPrefix) || id.starts_with(kContractPrefix))) {
    return std::string(kApplicationPrefix) + suffix_of(id);
  }
  return Error{ErrorCode::kNotFound, "no such offer or contract"};
}

OriginationService::OriginationService(store::Store& store, const ProductCatalog& catalog,
                                       const Underwriter& underwriter,
                                       const security::DataSealer& sealer,
                                       const scf::SigningKey& platform_key,
                                       OriginationOptions options)
    : store_(store),
      catalog_(catalog),
      underwriter_(underwriter),
      sealer_(sealer),
      platform_key_(platform_key),
      options_(std::move(options)) {}

Result<EnterpriseRecord> OriginationService::register_enterprise(const EnterpriseInput& input,
                                                                 const std::string& actor,
                                                                 Timestamp now) {
  SC_RETURN_IF_ERROR(validate_enterprise(input));
  EnterpriseRecord record;
  record.id = "ent_" + security::random_token(9);
  record.data = input;
  // The identity numbers' check characters hold; the registry cross-check
  // happens when an application pulls the enterprise's data.
  record.kyc_status = "verified";
  record.created_at = format_timestamp(now);
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        SC_RETURN_IF_ERROR(internal::insert_enterprise(tx, record, sealer_));
        const std::string after = "{\"kyc_status\":\"verified\"}";
        SC_RETURN_IF_ERROR(store::append_event(
            tx, {"enterprise", record.id, "enterprise.registered", after}, now));
        return store::append_audit(
            tx, {actor, "enterprise.register", "enterprise:" + record.id, "", after}, now);
      }));
  return record;
}

Result<EnterpriseRecord> OriginationService::enterprise(std::string_view id) const {
  std::optional<EnterpriseRecord> out;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(out, internal::load_enterprise(tx, id, sealer_));
        return ok_status();
      }));
  return std::move(*out);
}

Status OriginationService::set_borrower_key(std::string_view enterprise_id,
                                            std::string_view public_key_hex,
                                            const std::string& actor, Timestamp now) {
  if (public_key_hex.find_first_not_of("0123456789abcdef") != std::string_view::npos ||
      !scf::PublicKey::from_hex(public_key_hex).ok()) {
    return Error{ErrorCode::kInvalidArgument,
                 "public_key: must be 64 lower-case hex digits (Ed25519) or 130 beginning 04 "
                 "(SM2)"};
  }
  return store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
    SC_ASSIGN_OR_RETURN(int64_t changed,
                        tx.execute("UPDATE enterprises SET borrower_public_key = ?, "
                                   "row_version = row_version + 1 WHERE id = ?",
                                   {std::string(public_key_hex), std::string(enterprise_id)}));
    if (changed != 1) return Error{ErrorCode::kNotFound, "no such enterprise"};
    return store::append_audit(
        tx,
        {actor, "enterprise.set_signing_key", "enterprise:" + std::string(enterprise_id), "",
         "{\"public_key\":\"" + std::string(public_key_hex) + "\"}"},
        now);
  });
}

Result<const loan::Product*> OriginationService::product_of(const ApplicationRecord& r) const {
  const loan::Product* product = catalog_.find(r.product_code, r.product_version);
  if (product == nullptr) {
    return Error{ErrorCode::kInternal, "product " + r.product_code + " v" +
                                           std::to_string(r.product_version) +
                                           " is no longer in the catalogue"};
  }
  return product;
}

// The net amount (the upfront fee is withheld) goes to the enterprise's
// account, sealed in the instruction row.
Status OriginationService::queue_disbursement(store::Transaction& tx, const ApplicationRecord& r,
                                              const loan::Product& product,
                                              std::string_view account, Timestamp now) const {
  SC_ASSIGN_OR_RETURN(const int64_t amount_minor, offer_amount_minor(r));
  SC_ASSIGN_OR_RETURN(const int64_t fee_minor,
                      loan::fee_amount_minor(product.upfront_fee, amount_minor, product.rounding));
  return insert_disbursement(tx, r, amount_minor - fee_minor,
                             sealer_.seal(account, account_aad(r.id)), now);
}

Result<ApplicationRecord> OriginationService::submit(const ApplicationInput& input,
                                                     const std::string& actor, Timestamp now) {
  const loan::Product* product = catalog_.latest(input.product_code);
  if (product == nullptr) return Error{ErrorCode::kNotFound, "product_code: no such product"};
  SC_RETURN_IF_ERROR(check_application(input, *product));
  ApplicationRecord record;
  record.id = std::string(kApplicationPrefix) + security::random_token(12);
  record.enterprise_id = input.enterprise_id;
  record.product_code = product->code;
  record.product_version = product->version;
  record.requested_minor = input.amount.minor_units();
  record.installments = input.installments;
  record.purpose = input.purpose;
  record.submitted_at = record.updated_at = format_timestamp(now);
  record.row_version = 1;
  std::string uscc;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(store::Rows rows, tx.query("SELECT uscc FROM enterprises WHERE id = ?",
                                                       {input.enterprise_id}));
        if (rows.empty()) return Error{ErrorCode::kNotFound, "enterprise_id: no such enterprise"};
        uscc = rows[0].text(0);
        SC_RETURN_IF_ERROR(internal::insert_application(tx, record));
        SC_RETURN_IF_ERROR(store::append_event(
            tx, {"application", record.id, "application.submitted", stage_snapshot(record)}, now));
        return store::append_audit(
            tx,
            {actor, "application.submit", "application:" + record.id, "", stage_snapshot(record)},
            now);
      }));
  const UnderwritingRequest request{.application_id = record.id,
                                    .enterprise_id = record.enterprise_id,
                                    .uscc = uscc,
                                    .product = product,
                                    .requested = input.amount,
                                    .installments = input.installments,
                                    .purpose = input.purpose,
                                    .as_of = business_date(now)};
  SC_ASSIGN_OR_RETURN(const Underwriting result, underwriter_.underwrite(request));
  return decide(record, result, now);
}

Result<LineAssessment> OriginationService::assess_line(std::string_view enterprise_id,
                                                       std::string_view product_code,
                                                       Money requested, const std::string& actor,
                                                       Timestamp now) {
  const loan::Product* product = catalog_.latest(product_code);
  if (product == nullptr) return Error{ErrorCode::kNotFound, "line product: no such product"};
  const ApplicationInput input{.enterprise_id = std::string(enterprise_id),
                               .product_code = product->code,
                               .amount = requested,
                               .installments = product->max_installments,
                               .purpose = "supply-chain issuance line"};
  SC_RETURN_IF_ERROR(check_application(input, *product));
  SC_ASSIGN_OR_RETURN(const EnterpriseRecord e, enterprise(enterprise_id));
  const std::string request_id = "line_" + security::random_token(12);
  SC_ASSIGN_OR_RETURN(const Underwriting result,
                      underwriter_.underwrite({.application_id = request_id,
                                               .enterprise_id = e.id,
                                               .uscc = e.data.uscc,
                                               .product = product,
                                               .requested = requested,
                                               .installments = input.installments,
                                               .purpose = input.purpose,
                                               .as_of = business_date(now)}));
  LineAssessment line{.outcome = result.outcome,
                      .limit_fen = 0,
                      .annual_rate_percent = result.annual_rate_percent,
                      .reasons = result.reasons,
                      .decision_id = result.decision_id};
  if (result.outcome == Outcome::kApprove) {
    line.limit_fen = std::min(requested.minor_units(), result.limit.minor_units());
  }
  const std::string after =
      "{\"request\":\"" + request_id + "\",\"outcome\":\"" +
      std::string(outcome_name(result.outcome)) +
      "\",\"limit_fen\":" + std::to_string(line.limit_fen) +
      ",\"decision_record\":" + (result.record_json.empty() ? "null" : result.record_json) + "}";
  SC_RETURN_IF_ERROR(store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) {
    return store::append_audit(tx, {actor, "scf.line.assess", "enterprise:" + e.id, "", after},
                               now);
  }));
  return line;
}

Result<ApplicationRecord> OriginationService::application(std::string_view id) const {
  std::optional<ApplicationRecord> out;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(out, load_application(tx, id));
        return ok_status();
      }));
  return std::move(*out);
}

Result<std::string> OriginationService::decision_record(std::string_view application_id) const {
  std::string record;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(store::Rows rows,
                            tx.query("SELECT decision_record FROM applications WHERE id = ?",
                                     {std::string(application_id)}));
        if (rows.empty()) return Error{ErrorCode::kNotFound, "no such application"};
        if (rows[0].is_null(0)) {
          return Error{ErrorCode::kNotFound, "the application has no decision record"};
        }
        record = rows[0].text(0);
        return ok_status();
      }));
  return record;
}

Result<ApplicationRecord> OriginationService::application_for_loan(int64_t loan_id) const {
  std::optional<ApplicationRecord> out;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(store::Rows rows,
                            tx.query("SELECT id FROM applications WHERE loan_id = ?", {loan_id}));
        if (rows.empty()) return Error{ErrorCode::kNotFound, "no such loan"};
        SC_ASSIGN_OR_RETURN(out, load_application(tx, rows[0].text(0)));
        return ok_status();
      }));
  return std::move(*out);
}

Result<ApplicationRecord> OriginationService::change(
    std::string_view application_id, const std::string& actor, std::string_view action,
    const std::function<Status(store::Transaction&, ApplicationRecord&)>& mutate, Timestamp now) {
  std::optional<ApplicationRecord> out;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(ApplicationRecord r, load_application(tx, application_id));
        const std::string before = stage_snapshot(r);
        SC_RETURN_IF_ERROR(mutate(tx, r));
        r.updated_at = format_timestamp(now);
        SC_RETURN_IF_ERROR(internal::update_application(tx, r));
        const std::string after = stage_snapshot(r);
        SC_RETURN_IF_ERROR(store::append_event(
            tx, {"application", r.id, "application." + std::string(stage_name(r.stage)), after},
            now));
        SC_RETURN_IF_ERROR(store::append_audit(
            tx, {actor, std::string(action), "application:" + r.id, before, after}, now));
        out = std::move(r);
        return ok_status();
      }));
  return std::move(*out);
}

Result<ApplicationRecord> OriginationService::decide(const ApplicationRecord& submitted,
                                                     const Underwriting& result, Timestamp now) {
  SC_ASSIGN_OR_RETURN(const loan::Product* product, product_of(submitted));
  return change(
      submitted.id, "system:decision-engine", "application.decide",
      [&](store::Transaction& tx, ApplicationRecord& r) -> Status {
        r.decision_json = internal::decision_to_json(result);
        if (!result.record_json.empty()) {
          SC_RETURN_IF_ERROR(tx.execute("UPDATE applications SET decision_record = ? WHERE id = ?",
                                        {result.record_json, r.id}));
        }
        if (!result.shadow_record_json.empty()) {
          SC_RETURN_IF_ERROR(tx.execute(
              "INSERT INTO shadow_decisions (application_id, arm, record) VALUES (?, ?, ?)",
              {r.id, result.shadow_arm, result.shadow_record_json}));
        }
        r.limit_minor = result.limit.minor_units();
        r.rate_percent = result.annual_rate_percent.to_string();
        if (result.outcome == Outcome::kDecline) return step(r, Action::kDecline);
        if (result.outcome == Outcome::kRefer) return step(r, Action::kRefer);
        SC_ASSIGN_OR_RETURN(const EnterpriseRecord e,
                            internal::load_enterprise(tx, r.enterprise_id, sealer_));
        const Status offered = attach_offer(r, *product, e.data.name, e.data.uscc, now, options_);
        if (!offered.ok()) {
          // An approval the product cannot carry (a limit below its minimum)
          // becomes a decline with that reason rather than an error.
          Underwriting declined = result;
          declined.outcome = Outcome::kDecline;
          declined.reasons.push_back({"OFFER_NOT_POSSIBLE", offered.error().message});
          r.decision_json = internal::decision_to_json(declined);
          return step(r, Action::kDecline);
        }
        return step(r, Action::kApprove);
      },
      now);
}

Result<ApplicationRecord> OriginationService::accept_offer(std::string_view application_id,
                                                           const std::string& actor,
                                                           Timestamp now) {
  SC_ASSIGN_OR_RETURN(const ApplicationRecord current, application(application_id));
  if (current.stage == Stage::kOffered && format_timestamp(now) > current.offer_expires_at) {
    const auto expired = change(
        application_id, actor, "offer.expire",
        [](store::Transaction&, ApplicationRecord& r) { return step(r, Action::kExpireOffer); },
        now);
    if (!expired.ok()) return expired.error();
    return Error{ErrorCode::kConflict,
                 "the offer expired at " + current.offer_expires_at + "; apply again"};
  }
  return change(
      application_id, actor, "offer.accept",
      [](store::Transaction&, ApplicationRecord& r) { return step(r, Action::kAcceptOffer); }, now);
}

Result<ApplicationRecord> OriginationService::decline_offer(std::string_view application_id,
                                                            const std::string& actor,
                                                            Timestamp now) {
  return change(
      application_id, actor, "offer.decline",
      [](store::Transaction&, ApplicationRecord& r) { return step(r, Action::kDeclineOffer); },
      now);
}

Result<ApplicationRecord> OriginationService::sign(std::string_view application_id,
                                                   std::string_view signature_hex,
                                                   const std::string& actor, Timestamp now) {
  SC_ASSIGN_OR_RETURN(const std::vector<uint8_t> signature_bytes,
                      scf::bytes_from_hex(signature_hex));
  if (signature_bytes.size() != scf::kSignatureBytes) {
    return Error{ErrorCode::kInvalidArgument,
                 "signature: must be 128 hex digits (Ed25519, or SM2 r and s)"};
  }
  scf::Signature signature{};
  std::copy(signature_bytes.begin(), signature_bytes.end(), signature.begin());
  return change(
      application_id, actor, "contract.sign",
      [&](store::Transaction& tx, ApplicationRecord& r) -> Status {
        SC_ASSIGN_OR_RETURN(const loan::Product* product, product_of(r));
        SC_RETURN_IF_ERROR(step(r, Action::kSign, {.secured = product->secured}));
        SC_ASSIGN_OR_RETURN(const EnterpriseRecord e,
                            internal::load_enterprise(tx, r.enterprise_id, sealer_));
        if (e.data.borrower_public_key.empty()) {
          return Error{ErrorCode::kFailedPrecondition,
                       "register the borrower's signing key before signing"};
        }
        SC_ASSIGN_OR_RETURN(const scf::PublicKey key,
                            scf::PublicKey::from_hex(e.data.borrower_public_key));
        const std::string message =
            contract_signing_message(contract_id_of(r.id), r.contract_sha256);
        const scf::ByteSpan message_bytes(reinterpret_cast<const uint8_t*>(message.data()),
                                          message.size());
        if (!scf::verify_signature(key, message_bytes, signature).ok()) {
          return Error{ErrorCode::kPermissionDenied,
                       "signature: does not verify against the enterprise's key"};
        }
        SC_ASSIGN_OR_RETURN(const scf::Signature countersignature,
                            platform_key_.sign(message_bytes));
        r.borrower_signature = std::string(signature_hex);
        r.platform_signature = scf::to_hex(countersignature);
        r.signed_at = format_timestamp(now);
        if (r.stage != Stage::kDisbursing) return ok_status();
        return queue_disbursement(tx, r, *product, e.data.bank_account, now);
      },
      now);
}

Result<ApplicationRecord> OriginationService::register_collateral(std::string_view application_id,
                                                                  const CollateralInput& c,
                                                                  const std::string& actor,
                                                                  Timestamp now) {
  SC_RETURN_IF_ERROR(check_text("identifier", c.identifier, 100));
  SC_RETURN_IF_ERROR(check_text("lien_reference", c.lien_reference, 100));
  SC_ASSIGN_OR_RETURN(const loan::CollateralType type, loan::parse_collateral_type(c.type));
  return change(
      application_id, actor, "collateral.register",
      [&](store::Transaction&, ApplicationRecord& r) -> Status {
        if (r.stage != Stage::kAwaitingCollateral) {
          return Error{ErrorCode::kConflict,
                       "collateral is registered while the application is "
                       "awaiting_collateral; it is " +
                           std::string(stage_name(r.stage))};
        }
        SC_ASSIGN_OR_RETURN(const loan::Product* product, product_of(r));
        if (std::find(product->collateral_types.begin(), product->collateral_types.end(), type) ==
            product->collateral_types.end()) {
          return Error{ErrorCode::kInvalidArgument, "type: the product does not take it"};
        }
        SC_ASSIGN_OR_RETURN(const int64_t amount_minor, offer_amount_minor(r));
        // Loan-to-value: amount <= max_ltv% x valuation, exactly.
        SC_ASSIGN_OR_RETURN(
            const Decimal cap,
            Decimal::from_int(c.valuation.minor_units()).multiply(product->max_ltv_percent));
        SC_ASSIGN_OR_RETURN(const Decimal amount_percent,
                            Decimal::from_int(amount_minor).multiply(Decimal::from_int(100)));
        if (amount_percent > cap) {
          return Error{ErrorCode::kOutOfRange, "loan-to-value above the product's maximum of " +
                                                   product->max_ltv_percent.to_string() + "%"};
        }
        r.collateral_json = internal::collateral_to_json(c);
        return ok_status();
      },
      now);
}

Result<ApplicationRecord> OriginationService::confirm_lien(std::string_view application_id,
                                                           const std::string& actor,
                                                           Timestamp now) {
  return change(
      application_id, actor, "collateral.confirm_lien",
      [&](store::Transaction& tx, ApplicationRecord& r) -> Status {
        if (r.collateral_json.empty()) {
          return Error{ErrorCode::kFailedPrecondition, "register the collateral first"};
        }
        SC_RETURN_IF_ERROR(step(r, Action::kConfirmLien));
        SC_ASSIGN_OR_RETURN(const loan::Product* product, product_of(r));
        SC_ASSIGN_OR_RETURN(const EnterpriseRecord e,
                            internal::load_enterprise(tx, r.enterprise_id, sealer_));
        return queue_disbursement(tx, r, *product, e.data.bank_account, now);
      },
      now);
}

Result<std::vector<ApplicationRecord>> OriginationService::applications_where(
    std::string_view id_query, const std::vector<store::Value>& params) const {
  std::vector<ApplicationRecord> out;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(store::Rows ids, tx.query(id_query, params));
        for (const store::Row& row : ids) {
          SC_ASSIGN_OR_RETURN(ApplicationRecord r, load_application(tx, row.text(0)));
          out.push_back(std::move(r));
        }
        return ok_status();
      }));
  return out;
}

Result<std::vector<ApplicationRecord>> OriginationService::reviews(int64_t limit) const {
  return applications_where(
      "SELECT id FROM applications WHERE stage IN ('referred', 'awaiting_confirmation') "
      "ORDER BY submitted_at, id LIMIT ?",
      {limit});
}

Result<std::vector<ApplicationRecord>> OriginationService::applications_of(
    std::string_view enterprise_id, int64_t limit) const {
  return applications_where(
      "SELECT id FROM applications WHERE enterprise_id = ? "
      "ORDER BY submitted_at DESC, id DESC LIMIT ?",
      {std::string(enterprise_id), limit});
}

Result<ApplicationRecord> OriginationService::decide_review(std::string_view application_id,
                                                            bool approve, std::string_view reason,
                                                            const std::string& officer,
                                                            Timestamp now) {
  SC_RETURN_IF_ERROR(check_text("reason", reason, kMaxReasonBytes));
  return change(
      application_id, officer, approve ? "review.approve" : "review.decline",
      [&](store::Transaction& tx, ApplicationRecord& r) -> Status {
        const std::string at = format_timestamp(now);
        if (!approve) {
          SC_RETURN_IF_ERROR(step(r, Action::kDecline));
          r.review_json = internal::review_to_json(officer, false, reason, at, "");
          return ok_status();
        }
        if (r.stage == Stage::kAwaitingConfirmation) {
          rapidjson::Document first;
          first.Parse(r.review_json.data(), r.review_json.size());
          const std::string first_officer =
              first.IsObject() && first.HasMember("officer") && first["officer"].IsString()
                  ? first["officer"].GetString()
                  : "";
          if (first_officer == officer) {
            return Error{ErrorCode::kPermissionDenied,
                         "a second officer must confirm an approval above the threshold"};
          }
          SC_RETURN_IF_ERROR(step(r, Action::kConfirmApproval));
          r.review_json = internal::review_to_json(officer, true, reason, at, first_officer);
          return ok_status();
        }
        SC_ASSIGN_OR_RETURN(const loan::Product* product, product_of(r));
        SC_ASSIGN_OR_RETURN(const EnterpriseRecord e,
                            internal::load_enterprise(tx, r.enterprise_id, sealer_));
        SC_RETURN_IF_ERROR(
            step(r, Action::kApprove,
                 {.needs_confirmation = std::min(r.requested_minor, r.limit_minor.value_or(0)) >
                                        options_.second_officer_threshold_minor}));
        SC_RETURN_IF_ERROR(attach_offer(r, *product, e.data.name, e.data.uscc, now, options_));
        r.review_json = internal::review_to_json(officer, true, reason, at, "");
        return ok_status();
      },
      now);
}

Result<std::vector<DisbursementInstruction>> OriginationService::due_disbursements(
    Timestamp now, std::chrono::seconds resend_after, int64_t limit) const {
  std::vector<DisbursementInstruction> out;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(
            store::Rows rows,
            tx.query("SELECT application_id, amount_minor, account_sealed, attempts FROM "
                     "disbursements WHERE state = 'pending' OR (state = 'sent' AND updated_at < ?) "
                     "ORDER BY updated_at LIMIT ?",
                     {format_timestamp(now - resend_after), limit}));
        for (const store::Row& row : rows) {
          SC_ASSIGN_OR_RETURN(std::string account,
                              sealer_.open(row.text(2), account_aad(row.text(0))));
          out.push_back({row.text(0), Money::from_minor_units(row.integer(1), kCny),
                         std::move(account), static_cast<int>(row.integer(3))});
        }
        return ok_status();
      }));
  return out;
}

Status OriginationService::mark_sent(std::string_view application_id, Timestamp now) {
  return store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
    SC_ASSIGN_OR_RETURN(int64_t changed,
                        tx.execute("UPDATE disbursements SET state = 'sent', attempts = attempts "
                                   "+ 1, updated_at = ? WHERE application_id = ? AND state IN "
                                   "('pending', 'sent')",
                                   {format_timestamp(now), std::string(application_id)}));
    (void)changed;  // a result that arrived first already moved it on
    return ok_status();
  });
}

Result<ApplicationRecord> OriginationService::record_disbursement(std::string_view application_id,
                                                                  bool succeeded,
                                                                  std::string_view bank_reference,
                                                                  Timestamp now) {
  SC_ASSIGN_OR_RETURN(const ApplicationRecord current, application(application_id));
  if (current.stage == Stage::kDisbursed ||
      (!succeeded && current.stage == Stage::kDisbursementFailed)) {
    return current;  // a duplicated callback
  }
  return change(
      application_id, "system:bank", succeeded ? "disbursement.confirm" : "disbursement.fail",
      [&](store::Transaction& tx, ApplicationRecord& r) -> Status {
        SC_RETURN_IF_ERROR(
            step(r, succeeded ? Action::kConfirmDisbursement : Action::kFailDisbursement));
        SC_ASSIGN_OR_RETURN(
            int64_t changed,
            tx.execute("UPDATE disbursements SET state = ?, bank_reference = ?, updated_at = ? "
                       "WHERE application_id = ? AND state IN ('pending', 'sent')",
                       {std::string(succeeded ? "confirmed" : "failed"),
                        std::string(bank_reference), format_timestamp(now), r.id}));
        SC_RETURN_IF_ERROR(store::expect_one_row_changed(changed, "disbursement"));
        if (!succeeded) return ok_status();
        SC_ASSIGN_OR_RETURN(const loan::Product* product, product_of(r));
        SC_ASSIGN_OR_RETURN(const int64_t amount_minor, offer_amount_minor(r));
        SC_ASSIGN_OR_RETURN(const Decimal rate, Decimal::parse(r.rate_percent));
        const Money amount = Money::from_minor_units(amount_minor, product->currency);
        const Date value_date = business_date(now);
        SC_ASSIGN_OR_RETURN(const Offer offer,
                            make_offer(*product, amount, r.installments, rate, amount, value_date));
        loan::LoanTerms terms = loan_terms_for(*product, offer);
        if (product->secured) {
          SC_ASSIGN_OR_RETURN(const int64_t value_minor, collateral_value_minor(r));
          terms.collateral.push_back({product->collateral_types.front(), value_minor});
        }
        SC_ASSIGN_OR_RETURN(const int64_t loan_id,
                            servicing::create_loan(tx, "loan_" + suffix_of(r.id), terms, now));
        const auto disbursed = servicing::apply_transaction_in(
            tx, loan_id, loan::disbursement(1, 1, value_date, amount), now);
        if (!disbursed.ok()) return disbursed.error();
        r.loan_id = loan_id;
        return ok_status();
      },
      now);
}

Result<ApplicationRecord> OriginationService::retry_disbursement(std::string_view application_id,
                                                                 const std::string& actor,
                                                                 Timestamp now) {
  return change(
      application_id, actor, "disbursement.retry",
      [&](store::Transaction& tx, ApplicationRecord& r) -> Status {
        SC_RETURN_IF_ERROR(step(r, Action::kRetryDisbursement));
        SC_ASSIGN_OR_RETURN(int64_t changed,
                            tx.execute("UPDATE disbursements SET state = 'pending', updated_at = ? "
                                       "WHERE application_id = ? AND state = 'failed'",
                                       {format_timestamp(now), r.id}));
        return store::expect_one_row_changed(changed, "disbursement");
      },
      now);
}

}  // namespace smecredit::origination

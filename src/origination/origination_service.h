// The application workflow over the store: enterprises, applications,
// decisions, offers, contracts and signatures, collateral, officers'
// reviews, and the disbursement hand-off to servicing.
//
// Every state change is one store transaction that checks the stage machine
// (workflow.h), writes the application under its row_version, and appends
// an outbox event and an audit row; a refused change writes nothing.
// Personal data (legal representative, owners, bank account) is sealed with
// the DataSealer before it is stored. Underwriting (which may pull data over
// the network) runs between two transactions, never inside one.
//
// Exactly-once disbursement: signing (or confirming the lien) inserts the
// application's single `disbursements` row; the bank's result is applied
// only while that row is not yet confirmed, so retries, restarts and
// duplicated callbacks create one loan.
//
// Thread-safety: safe to share; each call uses its own store transactions.
// The store, catalogue, underwriter, sealer and key must outlive the service.
//
// Example:
//   OriginationService service(store, catalog, underwriter, sealer, platform_key, {});
//   auto app = service.submit({.enterprise_id = id, .product_code = "SME-CREDIT-12M",
//                              .amount = Money::parse("50000.00", kCny).value(),
//                              .installments = 12, .purpose = "inventory"}, "key:abc", now);
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/result.h"
#include "loan/apr_cap.h"
#include "origination/catalog.h"
#include "origination/enterprise.h"
#include "origination/underwriter.h"
#include "origination/workflow.h"
#include "scf/log/signer.h"
#include "security/sealed.h"
#include "store/store.h"

namespace smecredit::origination {

struct OriginationOptions {
  std::chrono::seconds offer_ttl{std::chrono::hours{72}};
  // Officer approvals of more than this need a second officer's confirmation.
  int64_t second_officer_threshold_minor = 50'000'000;  // 500,000.00 CNY
  // The legal APR ceilings by date (origination.apr_caps); empty: only the
  // products' own caps.
  loan::AprCapTable apr_caps = {};
};

struct EnterpriseRecord {
  std::string id;
  EnterpriseInput data;  // personal data opened
  std::string kyc_status;
  std::string created_at;
};

struct ApplicationInput {
  std::string enterprise_id;
  std::string product_code;
  Money amount;
  int installments = 0;
  std::string purpose;
};

struct CollateralInput {
  std::string type;        // "property" or "vehicle" (the product's types)
  std::string identifier;  // title deed or vehicle registration number
  Money valuation;
  std::string lien_reference;  // the registration office's filing number
};

struct ApplicationRecord {
  std::string id;
  std::string enterprise_id;
  std::string product_code;
  int product_version = 0;
  int64_t requested_minor = 0;
  int installments = 0;
  std::string purpose;
  Stage stage = Stage::kSubmitted;
  std::string decision_json;  // outcome, reasons, decision id; empty before the decision
  std::optional<int64_t> limit_minor;
  std::string rate_percent;
  std::string offer_json;  // empty without an offer
  std::string offer_expires_at;
  std::string contract_sha256;
  std::string contract_text;
  std::string borrower_signature;
  std::string platform_signature;
  std::string signed_at;
  std::string collateral_json;
  std::string review_json;
  std::optional<int64_t> loan_id;
  std::string submitted_at;
  std::string updated_at;
  int64_t row_version = 0;
};

struct DisbursementInstruction {
  std::string instruction_id;  // the application id: the bank deduplicates on it
  Money amount;
  std::string account;  // opened; never logged
  int attempts = 0;
};

// The application, offer and contract ids share one suffix.
std::string offer_id_of(std::string_view application_id);
std::string contract_id_of(std::string_view application_id);
// The application id behind an "off_…" or "con_…" id; kNotFound otherwise.
Result<std::string> application_id_from(std::string_view offer_or_contract_id);

// The risk process's answer for a supply-chain issuance line (issue 7): a
// core enterprise may issue vouchers only up to a line the same underwriter
// granted that decides loans.
struct LineAssessment {
  Outcome outcome = Outcome::kDecline;
  int64_t limit_fen = 0;        // approve: the requested line, capped at the policy's limit
  Decimal annual_rate_percent;  // the rate the policy priced for the enterprise
  std::vector<Reason> reasons;
  std::string decision_id;
};

class OriginationService {
 public:
  OriginationService(store::Store& store, const ProductCatalog& catalog,
                     const Underwriter& underwriter, const security::DataSealer& sealer,
                     const scf::SigningKey& platform_key, OriginationOptions options);

  Result<EnterpriseRecord> register_enterprise(const EnterpriseInput& input,
                                               const std::string& actor, Timestamp now);
  Result<EnterpriseRecord> enterprise(std::string_view id) const;
  Status set_borrower_key(std::string_view enterprise_id, std::string_view public_key_hex,
                          const std::string& actor, Timestamp now);

  Result<ApplicationRecord> submit(const ApplicationInput& input, const std::string& actor,
                                   Timestamp now);
  Result<ApplicationRecord> application(std::string_view id) const;
  // Underwrites `enterprise_id` for an issuance line of `requested` under
  // catalogue product `product_code` (whose amount and term limits and
  // pricing stand for the line), with the same consent, data and policy as
  // an application. Writes an audit row with the decision record; grants
  // nothing itself (the caller signs the line). kFailedPrecondition without
  // consent, kNotFound for an unknown enterprise or product.
  Result<LineAssessment> assess_line(std::string_view enterprise_id, std::string_view product_code,
                                     Money requested, const std::string& actor, Timestamp now);
  // The canonical decision record (policy version, input snapshot and its
  // SHA-256, outcome, offer, reasons, trace), byte for byte as the
  // underwriter produced it; kept apart from the application row, which
  // every later stage rewrites. kNotFound when there is none.
  Result<std::string> decision_record(std::string_view application_id) const;

  Result<ApplicationRecord> accept_offer(std::string_view application_id, const std::string& actor,
                                         Timestamp now);
  Result<ApplicationRecord> decline_offer(std::string_view application_id, const std::string& actor,
                                          Timestamp now);
  // `signature_hex`: the borrower's Ed25519 signature (128 hex digits) of
  // contract_signing_message(contract id, contract_sha256).
  Result<ApplicationRecord> sign(std::string_view application_id, std::string_view signature_hex,
                                 const std::string& actor, Timestamp now);
  Result<ApplicationRecord> register_collateral(std::string_view application_id,
                                                const CollateralInput& collateral,
                                                const std::string& actor, Timestamp now);
  Result<ApplicationRecord> confirm_lien(std::string_view application_id, const std::string& actor,
                                         Timestamp now);

  // Referred (and awaiting-confirmation) applications, oldest first.
  Result<std::vector<ApplicationRecord>> reviews(int64_t limit) const;
  // An enterprise's applications, newest first, at most `limit`.
  Result<std::vector<ApplicationRecord>> applications_of(std::string_view enterprise_id,
                                                         int64_t limit) const;
  Result<ApplicationRecord> decide_review(std::string_view application_id, bool approve,
                                          std::string_view reason, const std::string& officer,
                                          Timestamp now);

  // Instructions to send: pending ones, and sent ones not answered within
  // `resend_after` (the bank deduplicates by instruction id).
  Result<std::vector<DisbursementInstruction>> due_disbursements(Timestamp now,
                                                                 std::chrono::seconds resend_after,
                                                                 int64_t limit) const;
  Status mark_sent(std::string_view application_id, Timestamp now);
  // The bank's answer. Success creates the loan (servicing) and its
  // disbursement transaction in the same transaction; a repeat is a no-op
  // that returns the application as it is.
  Result<ApplicationRecord> record_disbursement(std::string_view application_id, bool succeeded,
                                                std::string_view bank_reference, Timestamp now);
  Result<ApplicationRecord> retry_disbursement(std::string_view application_id,
                                               const std::string& actor, Timestamp now);

  // The application that created the loan (for access checks); kNotFound.
  Result<ApplicationRecord> application_for_loan(int64_t loan_id) const;

  const ProductCatalog& catalog() const { return catalog_; }

 private:
  Result<ApplicationRecord> decide(const ApplicationRecord& submitted, const Underwriting& result,
                                   Timestamp now);
  Result<const loan::Product*> product_of(const ApplicationRecord& r) const;
  // The applications whose ids `id_query` selects (one id column), in its order.
  Result<std::vector<ApplicationRecord>> applications_where(
      std::string_view id_query, const std::vector<store::Value>& params) const;
  Status queue_disbursement(store::Transaction& tx, const ApplicationRecord& r,
                            const loan::Product& product, std::string_view account,
                            Timestamp now) const;
  Result<ApplicationRecord> change(
      std::string_view application_id, const std::string& actor, std::string_view action,
      const std::function<Status(store::Transaction&, ApplicationRecord&)>& mutate, Timestamp now);

  store::Store& store_;
  const ProductCatalog& catalog_;
  const Underwriter& underwriter_;
  const security::DataSealer& sealer_;
  const scf::SigningKey& platform_key_;
  OriginationOptions options_;
};

}  // namespace smecredit::origination

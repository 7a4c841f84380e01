// The origination and loan API under /v1: enterprises, products,
// applications, offers, contracts and signatures, collateral, officers'
// reviews, disbursement retries, loans (view, schedule, payoff quote,
// repayments) and the bank's callbacks.
//
// Every route but the bank callback goes through the Gate (roles,
// Idempotency-Key); handlers add the resource check: borrowers reach only
// their own enterprise, partners only enterprises they referred. The bank
// callback is authenticated by an HMAC-SHA-256 of its body under the shared
// bank secret (header X-Bank-Signature, hex).
//
// Responses never carry personal data in clear: names, identity numbers,
// phones and accounts are masked.
//
// Example:
//   add_origination_routes(router, gate, {.service = &service, .store = &store,
//                                         .authenticator = &auth, .clock = &clock,
//                                         .bank_secret = secret});
#pragma once

#include <functional>
#include <string>

#include "api/gate.h"
#include "core/clock.h"
#include "origination/origination_service.h"
#include "store/store.h"

namespace smecredit::api {

inline constexpr int64_t kMaxReviewPage = 200;

struct OriginationRoutesContext {
  origination::OriginationService* service = nullptr;
  store::Store* store = nullptr;
  const Authenticator* authenticator = nullptr;
  const Clock* clock = nullptr;
  std::string bank_secret;  // raw bytes; empty disables the bank callback route
  std::chrono::hours borrower_token_ttl{24 * 30};
  // Called after a change that makes a disbursement due (signing, lien
  // confirmation, retry), so instructions go out at once instead of at the
  // next poll. May be empty.
  std::function<void()> disbursement_due;
  // Asks the bank to collect a repayment (bank_gateway.h); empty: no bank,
  // and repaying from the bank account answers 503.
  std::function<Status(std::string_view collection_id, std::string_view loan_id,
                       const Money& amount)>
      collect;
};

// Whether `who` may act for enterprise `enterprise_id`: a borrower only for
// its own, a partner only for those it referred, staff for any.
// kPermissionDenied (or kNotFound for a partner's unknown enterprise) otherwise.
Status enterprise_access(const origination::OriginationService& service, const Principal& who,
                         std::string_view enterprise_id);

// Everything in the context must outlive the router.
void add_origination_routes(Router& router, const Gate& gate, OriginationRoutesContext context);

}  // namespace smecredit::api

// Voucher routes (supply-chain finance, issue 7):
//
//   POST /v1/scf/operations        a signed voucher operation (operation_codec.h);
//                                  201 {"index"}; the same operation again is
//                                  200 {"index","replayed":true}, changing nothing
//   GET  /v1/scf/vouchers/{id}     the voucher, its lineage (every piece) and
//                                  its settlement
//   POST /v1/scf/bank/callbacks    the bank reports a core enterprise's payment
//                                  for a voucher (X-Bank-Signature); a matured
//                                  voucher is settled at once
//   POST /v1/scf/settlement-runs   admin: settle and mark overdue for a date
//                                  up to today's business date
//   POST /v1/scf/participants      admin: onboard a participant and its key
//                                  (the platform signs the registration)
//   POST /v1/scf/lines             officer/admin: a core enterprise's issuance
//                                  line, granted only as far as the risk
//                                  process (origination's underwriter) approves
//
// The signature inside an operation is its authorisation: the book accepts
// an operation only from the participant (or platform) it names as actor,
// so the operations route needs no API key. Settlement in the platform's
// name happens only from a payment the bank reported.
#pragma once

#include <functional>
#include <string>

#include "api/gate.h"
#include "api/router.h"
#include "core/clock.h"
#include "origination/origination_service.h"
#include "scf/voucher/voucher_service.h"

namespace smecredit::api {

// Everything is borrowed and must outlive the router.
struct VoucherRoutesContext {
  scf::VoucherService* vouchers = nullptr;
  const scf::SigningKey* platform_key = nullptr;  // settles in the platform's name
  const Clock* clock = nullptr;
  std::string bank_secret;  // raw bytes; empty: no bank callbacks
  // The risk process for issuance lines; unset: lines are answered 503.
  std::function<Result<origination::LineAssessment>(const std::string& enterprise_id,
                                                    int64_t limit_fen, const std::string& actor)>
      assess_line;
};

void add_voucher_routes(Router& router, const Gate& gate, VoucherRoutesContext context);

}  // namespace smecredit::api

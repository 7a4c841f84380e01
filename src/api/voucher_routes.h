// Voucher routes (supply-chain finance, issue 7):
//
//   POST /v1/scf/operations      a signed voucher operation (operation_codec.h);
//                                201 {"index": log index} or problem+json
//   GET  /v1/scf/vouchers/{id}   the voucher and its lineage (every piece)
//
// The signature inside the body is the authorisation: the book accepts an
// operation only from the participant (or platform) it names as actor.
#pragma once

#include "api/router.h"
#include "core/clock.h"
#include "scf/voucher/voucher_service.h"

namespace smecredit::api {

// `vouchers` and `clock` are borrowed and must outlive the router.
void add_voucher_routes(Router& router, scf::VoucherService& vouchers, const Clock& clock);

}  // namespace smecredit::api

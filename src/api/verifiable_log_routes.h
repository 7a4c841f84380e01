// Read-only routes over the verifiable log, for participants and auditors:
//
//   GET /v1/scf/log/checkpoint                      the latest signed checkpoint
//   GET /v1/scf/log/entries?start=S&count=C         up to 1000 entries from S
//   GET /v1/scf/log/entries/{index}                 one entry with its leaf hash
//   GET /v1/scf/log/proofs/inclusion?index=I&tree_size=N
//   GET /v1/scf/log/proofs/consistency?first=M&second=N
//
// Bytes are lowercase hex. Everything a client needs to check the log is
// here; `smecredit audit` uses nothing else.
#pragma once

#include "api/router.h"
#include "scf/log/durable_log.h"

namespace smecredit::api {

inline constexpr int64_t kMaxEntriesPerPage = 1000;

// `log` is borrowed and must outlive the router.
void add_verifiable_log_routes(Router& router, const scf::DurableLog& log);

}  // namespace smecredit::api

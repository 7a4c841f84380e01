// The outbox and the audit trail (migration 1), written inside the same
// store transaction as the state change they describe, so an event or an
// audit row exists exactly when its change committed.
//
// Events feed GET /v1/events and webhooks; audit rows answer "who changed
// what, when, from what to what". Payloads and before/after states are JSON
// written by the platform and must not contain personal data in clear (seal
// it or leave it out).
//
// Example:
//   SC_RETURN_IF_ERROR(append_event(tx, {"application", id, "application.approved", json}, now));
//   SC_RETURN_IF_ERROR(append_audit(tx, {actor, "application.decide", id, before, after}, now));
#pragma once

#include <string>

#include "core/date.h"
#include "core/result.h"
#include "store/store.h"

namespace smecredit::store {

struct EventRecord {
  std::string aggregate_type;  // "enterprise", "application", "loan", ...
  std::string aggregate_id;
  std::string event_type;    // "application.approved"
  std::string payload_json;  // a JSON object
};

struct AuditRecord {
  std::string actor;        // a principal's subject, e.g. "key:Ab3…" or "system"
  std::string action;       // "application.decide"
  std::string subject;      // "application:app_…"
  std::string before_json;  // empty: none (creation)
  std::string after_json;   // empty: none (deletion)
};

Status append_event(Transaction& tx, const EventRecord& event, Timestamp now);
Status append_audit(Transaction& tx, const AuditRecord& audit, Timestamp now);

}  // namespace smecredit::store

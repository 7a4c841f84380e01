#include "store/outbox.h"

namespace smecredit::store {

namespace {

Value optional_text(const std::string& text) {
  return text.empty() ? Value{} : Value{text};
}

}  // namespace

Status append_event(Transaction& tx, const EventRecord& event, Timestamp now) {
  SC_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.execute("INSERT INTO events (aggregate_type, aggregate_id, event_type, payload, "
                 "occurred_at) VALUES (?, ?, ?, ?, ?)",
                 {event.aggregate_type, event.aggregate_id, event.event_type, event.payload_json,
                  format_timestamp(now)}));
  return expect_one_row_changed(inserted, "event");
}

Status append_audit(Transaction& tx, const AuditRecord& audit, Timestamp now) {
  SC_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.execute("INSERT INTO audit_log (actor, action, subject, before_state, after_state, "
                 "occurred_at) VALUES (?, ?, ?, ?, ?, ?)",
                 {audit.actor, audit.action, audit.subject, optional_text(audit.before_json),
                  optional_text(audit.after_json), format_timestamp(now)}));
  return expect_one_row_changed(inserted, "audit row");
}

}  // namespace smecredit::store

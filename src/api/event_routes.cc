#include "api/event_routes.h"

#include "api/json.h"
#include "api/problem.h"
#include "core/parse.h"

namespace smecredit::api {

namespace {

struct Page {
  int64_t after_id = 0;
  int64_t limit = kDefaultEventPageSize;
};

Result<Page> parse_page(const HttpRequest& request) {
  Page page;
  const std::string_view after = request.query_param("after");
  if (!after.empty()) {
    SC_ASSIGN_OR_RETURN(page.after_id, parse_int64(after, "after", 0, INT64_MAX));
  }
  const std::string_view limit = request.query_param("limit");
  if (!limit.empty()) {
    SC_ASSIGN_OR_RETURN(page.limit, parse_int64(limit, "limit", 1, kMaxEventPageSize));
  }
  return page;
}

}  // namespace

// Payloads are JSON written by the platform; embed them as values, not
// strings, so clients read one document.
void write_event(JsonWriter& w, const store::Row& row) {
  w.StartObject();
  write_field(w, "id", std::to_string(row.integer(0)));
  write_field(w, "aggregate_type", row.text(1));
  write_field(w, "aggregate_id", row.text(2));
  write_field(w, "type", row.text(3));
  write_field(w, "occurred_at", row.text(5));
  w.Key("payload");
  const std::string& payload = row.text(4);
  w.RawValue(payload.data(), payload.size(), rapidjson::kObjectType);
  w.EndObject();
}

namespace {

HttpResponse list_events(store::Store& store, const HttpRequest& request) {
  auto page = parse_page(request);
  if (!page.ok()) return error_response(page.error(), request.trace_id);
  store::Rows rows;
  const Status read =
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(rows, tx.query("SELECT " + std::string(kEventColumns) +
                                               " FROM events WHERE id > ? ORDER BY id LIMIT ?",
                                           {page.value().after_id, page.value().limit + 1}));
        return ok_status();
      });
  if (!read.ok()) return error_response(read.error(), request.trace_id);
  const bool more = static_cast<int64_t>(rows.size()) > page.value().limit;
  if (more) rows.pop_back();
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("events");
  w.StartArray();
  for (const store::Row& row : rows) write_event(w, row);
  w.EndArray();
  if (more) write_field(w, "next_cursor", std::to_string(rows.back().integer(0)));
  w.EndObject();
  return HttpResponse{200, "application/json", buffer.GetString(), {}};
}

}  // namespace

void add_event_routes(Router& router, const Gate& gate, store::Store& store) {
  gate.add(router, Method::kGet, "/v1/events",
           {"listEvents", "The platform's events, oldest first, cursor-paginated", "events",
            R"json({"200":{"description":"A page of events","content":{"application/json":{
                "schema":{"type":"object","required":["events"],"properties":{
                  "events":{"type":"array","items":{"type":"object"}},
                  "next_cursor":{"type":"string"}}},
                "example":{"events":[{"id":"7","aggregate_type":"loan","aggregate_id":"L-1",
                  "type":"disbursed","occurred_at":"2026-11-22T08:00:00.000000Z",
                  "payload":{"amount_fen":1000000}}],"next_cursor":"7"}}}}})json"},
           RoleSet{Role::kOfficer, Role::kAuditor, Role::kAdmin},
           [&store](const HttpRequest& request, const Principal&) {
             return list_events(store, request);
           });
}

}  // namespace smecredit::api

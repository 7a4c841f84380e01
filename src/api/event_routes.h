// GET /v1/events: the platform's events (the outbox written in the same
// transaction as every state change), oldest first, cursor-paginated.
//
// Query: `after` (an opaque cursor from a previous page; absent: from the
// start) and `limit` (1-500, default 100). Answer:
//   {"events":[{"id":"…","aggregate_type":…,"aggregate_id":…,"type":…,
//               "occurred_at":…,"payload":{…}}], "next_cursor":"…"}
// `next_cursor` is absent when the page is the last one so far; polling
// with the last cursor returns new events as they are written.
//
// Example:
//   add_event_routes(router, gate, store);
#pragma once

#include "api/gate.h"
#include "api/json.h"
#include "store/store.h"

namespace smecredit::api {

inline constexpr int64_t kDefaultEventPageSize = 100;
inline constexpr int64_t kMaxEventPageSize = 500;

// The columns every reader of the events table selects, in this order; the
// rows are what write_event() takes.
inline constexpr std::string_view kEventColumns =
    "id, aggregate_type, aggregate_id, event_type, payload, occurred_at";

// One event as the feed and webhooks show it: {"id","aggregate_type",
// "aggregate_id","type","occurred_at","payload":{…}}.
void write_event(JsonWriter& w, const store::Row& row);

// The store must outlive the router.
void add_event_routes(Router& router, const Gate& gate, store::Store& store);

}  // namespace smecredit::api

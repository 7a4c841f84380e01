#include "api/idempotency.h"

#include "security/digest.h"

namespace smecredit::api {

namespace {

// A claim not yet finished is stored with this status.
constexpr int64_t kInProgress = 0;

HttpResponse stored_response(int64_t status, std::string body) {
  HttpResponse response;
  response.status = static_cast<int>(status);
  response.content_type = status >= 400 ? "application/problem+json" : "application/json";
  response.body = std::move(body);
  response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

}  // namespace

Status validate_idempotency_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxIdempotencyKeyBytes) {
    return Error{ErrorCode::kInvalidArgument, "Idempotency-Key must be 1-255 characters"};
  }
  for (const char c : key) {
    if (c < 0x21 || c > 0x7e) {
      return Error{ErrorCode::kInvalidArgument,
                   "Idempotency-Key must be visible ASCII characters without spaces"};
    }
  }
  return ok_status();
}

std::string idempotency_request_hash(const HttpRequest& request) {
  std::string material;
  material.reserve(request.path.size() + request.body.size() + 16);
  material.append(method_name(request.method)).append(" ").append(request.path);
  material.append("\n").append(request.body);
  return security::to_hex(security::sha256(material));
}

IdempotencyStore::IdempotencyStore(store::Store& store, const Clock& clock,
                                   std::chrono::seconds lease)
    : store_(store), clock_(clock), lease_(lease) {}

Result<IdempotencyClaim> IdempotencyStore::begin(std::string_view principal, std::string_view key,
                                                 std::string_view request_hash) const {
  SC_RETURN_IF_ERROR(validate_idempotency_key(key));
  const Timestamp now = clock_.now();
  const std::string stale_before = format_timestamp(now - lease_);
  IdempotencyClaim claim;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        const std::vector<store::Value> id{std::string(principal), std::string(key)};
        SC_ASSIGN_OR_RETURN(
            store::Rows rows,
            tx.query("SELECT request_hash, response_status, response_body, created_at "
                     "FROM idempotency_keys WHERE principal = ? AND idempotency_key = ?",
                     id));
        if (rows.empty()) {
          SC_ASSIGN_OR_RETURN(
              int64_t inserted,
              tx.execute("INSERT INTO idempotency_keys (principal, idempotency_key, request_hash, "
                         "response_status, response_body, created_at) VALUES (?, ?, ?, ?, '', ?)",
                         {std::string(principal), std::string(key), std::string(request_hash),
                          kInProgress, format_timestamp(now)}));
          return store::expect_one_row_changed(inserted, "idempotency key");
        }
        const store::Row& row = rows[0];
        if (row.text(0) != request_hash) {
          return Error{ErrorCode::kInvalidArgument,
                       "this Idempotency-Key was already used for a different request"};
        }
        if (row.integer(1) != kInProgress) {
          claim.replay = stored_response(row.integer(1), row.text(2));
          return ok_status();
        }
        if (row.text(3) >= stale_before) {
          return Error{ErrorCode::kConflict,
                       "a request with this Idempotency-Key is still in progress; retry later"};
        }
        // The first attempt's lease ran out (it crashed or hung): take it over.
        SC_ASSIGN_OR_RETURN(
            int64_t updated,
            tx.execute(
                "UPDATE idempotency_keys SET created_at = ? "
                "WHERE principal = ? AND idempotency_key = ? AND created_at = ?",
                {format_timestamp(now), std::string(principal), std::string(key), row.text(3)}));
        return store::expect_one_row_changed(updated, "idempotency key");
      }));
  return claim;
}

Status IdempotencyStore::finish(std::string_view principal, std::string_view key,
                                const HttpResponse& response) const {
  return store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
    const std::vector<store::Value> id{std::string(principal), std::string(key)};
    if (response.status >= 500) {
      SC_ASSIGN_OR_RETURN(
          int64_t deleted,
          tx.execute("DELETE FROM idempotency_keys WHERE principal = ? AND idempotency_key = ?",
                     id));
      return deleted == 1 ? ok_status()
                          : Error{ErrorCode::kInternal, "the idempotency claim vanished"};
    }
    SC_ASSIGN_OR_RETURN(
        int64_t updated,
        tx.execute(
            "UPDATE idempotency_keys SET response_status = ?, response_body = ? "
            "WHERE principal = ? AND idempotency_key = ?",
            {int64_t{response.status}, response.body, std::string(principal), std::string(key)}));
    return store::expect_one_row_changed(updated, "idempotency key");
  });
}

}  // namespace smecredit::api

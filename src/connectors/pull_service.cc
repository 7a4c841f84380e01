#include "connectors/pull_service.h"

#include <algorithm>
#include <optional>

#include "api/json.h"
#include "connectors/consent/consent_token.h"
#include "store/outbox.h"

namespace smecredit::connectors {
namespace {

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string joined;
  for (const std::string& scope : scopes) joined += (joined.empty() ? "" : ",") + scope;
  return joined;
}

bool covers(const std::string& joined, std::string_view scope) {
  size_t begin = 0;
  while (begin <= joined.size()) {
    const size_t comma = std::min(joined.find(',', begin), joined.size());
    if (std::string_view(joined).substr(begin, comma - begin) == scope) return true;
    begin = comma + 1;
  }
  return false;
}

// The consent as an event payload and audit image; never the token.
std::string consent_json(int64_t id, std::string_view enterprise_id, const std::string& scopes,
                         std::string_view purpose, std::string_view expires_at,
                         std::string_view revoked_at) {
  api::JsonBuffer buffer;
  api::JsonWriter w(buffer);
  w.StartObject();
  w.Key("id");
  w.Int64(id);
  api::write_field(w, "enterprise_id", enterprise_id);
  w.Key("scopes");
  w.StartArray();
  size_t begin = 0;
  while (begin < scopes.size()) {
    const size_t comma = std::min(scopes.find(',', begin), scopes.size());
    w.String(scopes.data() + begin, static_cast<rapidjson::SizeType>(comma - begin));
    begin = comma + 1;
  }
  w.EndArray();
  api::write_field(w, "purpose", purpose);
  api::write_field(w, "expires_at", expires_at);
  w.Key("revoked_at");
  if (revoked_at.empty()) {
    w.Null();
  } else {
    w.String(revoked_at.data(), static_cast<rapidjson::SizeType>(revoked_at.size()));
  }
  w.EndObject();
  return buffer.GetString();
}

std::string_view outcome_for(ErrorCode code) {
  return code == ErrorCode::kInvalidArgument ? "rejected" : "failed";
}

}  // namespace

Result<int64_t> PullService::record_consent(const ConsentRecord& consent) {
  const ConsentClaims claims{consent.enterprise_id, consent.scopes, consent.purpose, 1};
  SC_RETURN_IF_ERROR(validate_claims(claims));
  const Timestamp now = clock_.now();
  if (consent.expires_at <= now) {
    return Error{ErrorCode::kInvalidArgument, "consent: expiry must be in the future"};
  }
  int64_t id = 0;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(
            store::Rows rows,
            tx.query("INSERT INTO consents (enterprise_id, scopes, purpose, token, granted_at,"
                     " expires_at, revoked_at, row_version) VALUES (?, ?, ?, ?, ?, ?, NULL, 1)"
                     " RETURNING id",
                     {consent.enterprise_id, join_scopes(consent.scopes), consent.purpose,
                      consent.token, format_timestamp(now), format_timestamp(consent.expires_at)}));
        if (rows.empty()) return Error{ErrorCode::kInternal, "INSERT INTO consents returned no id"};
        id = rows[0].integer(0);
        const std::string after =
            consent_json(id, consent.enterprise_id, join_scopes(consent.scopes), consent.purpose,
                         format_timestamp(consent.expires_at), "");
        SC_RETURN_IF_ERROR(store::append_event(
            tx, {"consent", std::to_string(id), "consent.granted", after}, now));
        return store::append_audit(
            tx, {consent.actor, "consent.grant", "consent:" + std::to_string(id), "", after}, now);
      }));
  return id;
}

Status PullService::revoke_consent(int64_t consent_id, std::string_view enterprise_id,
                                   std::string_view actor) {
  const Timestamp now = clock_.now();
  const std::string now_text = format_timestamp(now);
  return store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
    SC_ASSIGN_OR_RETURN(store::Rows rows,
                        tx.query("SELECT scopes, purpose, expires_at, revoked_at FROM consents"
                                 " WHERE id = ? AND enterprise_id = ?",
                                 {consent_id, std::string(enterprise_id)}));
    if (rows.empty()) return Error{ErrorCode::kNotFound, "no such consent"};
    if (!rows[0].is_null(3)) return ok_status();
    SC_ASSIGN_OR_RETURN(
        int64_t changed,
        tx.execute("UPDATE consents SET revoked_at = ?, row_version = row_version + 1"
                   " WHERE id = ? AND revoked_at IS NULL",
                   {now_text, consent_id}));
    SC_RETURN_IF_ERROR(store::expect_one_row_changed(changed, "consent"));
    const std::string scopes = rows[0].text(0);
    const std::string before =
        consent_json(consent_id, enterprise_id, scopes, rows[0].text(1), rows[0].text(2), "");
    const std::string after =
        consent_json(consent_id, enterprise_id, scopes, rows[0].text(1), rows[0].text(2), now_text);
    SC_RETURN_IF_ERROR(store::append_event(
        tx, {"consent", std::to_string(consent_id), "consent.revoked", after}, now));
    return store::append_audit(tx,
                               {std::string(actor), "consent.revoke",
                                "consent:" + std::to_string(consent_id), before, after},
                               now);
  });
}

Result<PullService::ActiveConsent> PullService::find_consent(const PullRequest& request,
                                                             const std::string& now_text) {
  std::optional<ActiveConsent> found;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(
            store::Rows rows,
            tx.query(
                "SELECT id, scopes, token FROM consents WHERE enterprise_id = ? AND purpose = ?"
                " AND revoked_at IS NULL AND expires_at > ? ORDER BY id DESC",
                {request.enterprise_id, request.purpose, now_text}));
        for (const store::Row& row : rows) {
          if (!covers(row.text(1), request.section)) continue;
          found = ActiveConsent{row.integer(0), row.text(2)};
          break;
        }
        return ok_status();
      }));
  if (!found) {
    return Error{ErrorCode::kPermissionDenied,
                 "no unexpired, unrevoked consent covers this section and purpose"};
  }
  return *found;
}

Result<int64_t> PullService::log_pull(store::Transaction& tx, const PullRequest& request,
                                      int64_t consent_id, const std::string& now_text,
                                      std::string_view outcome, std::string_view reason,
                                      int attempts) {
  const store::Value consent =
      consent_id > 0 ? store::Value(consent_id) : store::Value(std::monostate{});
  SC_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.query("INSERT INTO data_pulls (consent_id, actor, enterprise_id, section, purpose,"
               " connector, requested_at, outcome, reason, attempts)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
               {consent, request.actor, request.enterprise_id, request.section, request.purpose,
                connector_.name(), now_text, std::string(outcome), std::string(reason),
                int64_t{attempts}}));
  if (rows.empty()) return Error{ErrorCode::kInternal, "INSERT INTO data_pulls returned no id"};
  return rows[0].integer(0);
}

Status PullService::log_outside(const PullRequest& request, int64_t consent_id,
                                const std::string& now_text, std::string_view outcome,
                                std::string_view reason, int attempts) {
  return store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
    return log_pull(tx, request, consent_id, now_text, outcome, reason, attempts).ok()
               ? ok_status()
               : Error{ErrorCode::kInternal, "the pull log could not be written"};
  });
}

Result<PullOutcome> PullService::pull(const PullRequest& request) {
  if (!is_consent_scope(request.section)) {
    return Error{ErrorCode::kInvalidArgument, "unknown section '" + request.section + "'"};
  }
  const std::string now_text = format_timestamp(clock_.now());
  const Result<ActiveConsent> consent = find_consent(request, now_text);
  if (!consent.ok()) {
    SC_RETURN_IF_ERROR(log_outside(request, 0, now_text, "refused", consent.error().message, 0));
    return consent.error();
  }
  const int64_t consent_id = consent.value().id;
  Result<FetchResult> fetched =
      connector_.fetch({request.enterprise_id, request.section, consent.value().token});
  if (!fetched.ok()) {
    SC_RETURN_IF_ERROR(log_outside(request, consent_id, now_text, outcome_for(fetched.error().code),
                                   fetched.error().message, 0));
    return fetched.error();
  }
  const Status valid =
      validate_section_payload(fetched.value().body, request.enterprise_id, request.section);
  if (!valid.ok()) {
    SC_RETURN_IF_ERROR(log_outside(request, consent_id, now_text, "rejected", valid.error().message,
                                   fetched.value().attempts));
    return valid.error();
  }
  PullOutcome outcome;
  outcome.attempts = fetched.value().attempts;
  outcome.bytes = static_cast<int64_t>(fetched.value().body.size());
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        SC_RETURN_IF_ERROR(
            tx.execute("DELETE FROM enterprise_data WHERE enterprise_id = ? AND section = ?",
                       {request.enterprise_id, request.section}));
        SC_RETURN_IF_ERROR(tx.execute(
            "INSERT INTO enterprise_data (enterprise_id, section, payload, source, pulled_at)"
            " VALUES (?, ?, ?, ?, ?)",
            {request.enterprise_id, request.section, fetched.value().body, connector_.name(),
             now_text}));
        SC_ASSIGN_OR_RETURN(outcome.pull_id, log_pull(tx, request, consent_id, now_text, "applied",
                                                      "", outcome.attempts));
        return ok_status();
      }));
  return outcome;
}

}  // namespace smecredit::connectors

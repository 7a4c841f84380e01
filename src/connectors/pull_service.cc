#include "connectors/pull_service.h"

#include <algorithm>
#include <optional>
#include <thread>

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

Status PullService::require_consent(const PullRequest& request) {
  SC_RETURN_IF_ERROR(find_consent(request, format_timestamp(clock_.now())));
  return ok_status();
}

Result<PullOutcome> PullService::pull(const PullRequest& request) {
  SC_ASSIGN_OR_RETURN(std::vector<Result<PullOutcome>> pulled,
                      pull_sections(request, {request.section}));
  return std::move(pulled.front());
}

Result<std::vector<Result<PullOutcome>>> PullService::pull_sections(
    const PullRequest& request, const std::vector<std::string>& sections) {
  for (const std::string& section : sections) {
    if (!is_consent_scope(section)) {
      return Error{ErrorCode::kInvalidArgument, "unknown section '" + section + "'"};
    }
  }
  const std::string now_text = format_timestamp(clock_.now());
  struct Attempt {
    PullRequest request;
    int64_t consent_id = 0;
    std::string token;
    Result<FetchResult> fetched = Error{ErrorCode::kInternal, "not fetched"};
    std::string_view outcome;
    int attempts = 0;
  };
  std::vector<Attempt> attempts(sections.size());
  for (size_t i = 0; i < sections.size(); ++i) {
    Attempt& a = attempts[i];
    a.request = request;
    a.request.section = sections[i];
    Result<ActiveConsent> consent = find_consent(a.request, now_text);
    if (!consent.ok()) {
      a.fetched = consent.error();
      a.outcome = "refused";
      continue;
    }
    a.consent_id = consent.value().id;
    a.token = std::move(consent.value().token);
  }
  // Sections are fetched in parallel (the connector bounds its own
  // concurrency); one thread per section, at most kConsentScopes of them.
  std::vector<std::thread> fetchers;
  for (Attempt& a : attempts) {
    if (a.consent_id == 0) continue;
    fetchers.emplace_back([this, &a] {
      a.fetched = connector_.fetch({a.request.enterprise_id, a.request.section, a.token});
      if (!a.fetched.ok()) {
        a.outcome = outcome_for(a.fetched.error().code);
        return;
      }
      a.attempts = a.fetched.value().attempts;
      const Status valid = validate_section_payload(a.fetched.value().body, a.request.enterprise_id,
                                                    a.request.section);
      if (!valid.ok()) {
        a.fetched = valid.error();
        a.outcome = "rejected";
        return;
      }
      a.outcome = "applied";
    });
  }
  for (std::thread& fetcher : fetchers) fetcher.join();

  std::vector<Result<PullOutcome>> results;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        results.clear();
        for (const Attempt& a : attempts) {
          if (a.outcome != "applied") {
            const Result<int64_t> logged =
                log_pull(tx, a.request, a.consent_id, now_text, a.outcome,
                         a.fetched.error().message, a.attempts);
            if (!logged.ok()) return logged.error();
            results.emplace_back(a.fetched.error());
            continue;
          }
          const FetchResult& fetched = a.fetched.value();
          SC_RETURN_IF_ERROR(
              tx.execute("DELETE FROM enterprise_data WHERE enterprise_id = ? AND section = ?",
                         {a.request.enterprise_id, a.request.section}));
          SC_RETURN_IF_ERROR(tx.execute(
              "INSERT INTO enterprise_data (enterprise_id, section, payload, source, pulled_at)"
              " VALUES (?, ?, ?, ?, ?)",
              {a.request.enterprise_id, a.request.section, fetched.body, connector_.name(),
               now_text}));
          PullOutcome outcome;
          outcome.attempts = fetched.attempts;
          outcome.bytes = static_cast<int64_t>(fetched.body.size());
          SC_ASSIGN_OR_RETURN(outcome.pull_id, log_pull(tx, a.request, a.consent_id, now_text,
                                                        "applied", "", outcome.attempts));
          results.emplace_back(outcome);
        }
        return ok_status();
      }));
  return results;
}

}  // namespace smecredit::connectors

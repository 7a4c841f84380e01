#include "underwriting/consent_routes.h"

#include <memory>

#include "api/json.h"
#include "api/origination_routes.h"
#include "api/problem.h"
#include "connectors/consent/consent_token.h"
#include "core/parse.h"

namespace smecredit::underwriting {

namespace {

using api::HttpRequest;
using api::HttpResponse;
using api::Principal;
using api::Role;
using api::RoleSet;
using Ctx = ConsentRoutesContext;

constexpr int kDefaultConsentDays = 90;

struct GrantInput {
  std::vector<std::string> scopes;
  std::string purpose = "credit_assessment";
  int days = kDefaultConsentDays;
};

Result<GrantInput> parse_grant(std::string_view body) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Document doc, api::parse_json_object(body));
  GrantInput input;
  if (doc.HasMember("scopes")) {
    const rapidjson::Value& scopes = doc["scopes"];
    if (!scopes.IsArray() || scopes.Empty()) {
      return Error{ErrorCode::kInvalidArgument, "scopes: must be a non-empty array of sections"};
    }
    for (const auto& scope : scopes.GetArray()) {
      if (!scope.IsString() || !connectors::is_consent_scope(scope.GetString())) {
        return Error{ErrorCode::kInvalidArgument,
                     "scopes: each must be one of registration, tax, invoices, flows, judicial, "
                     "penalties, relationships"};
      }
      input.scopes.emplace_back(scope.GetString(), scope.GetStringLength());
    }
  } else {
    for (std::string_view scope : connectors::kConsentScopes) input.scopes.emplace_back(scope);
  }
  SC_ASSIGN_OR_RETURN(std::string purpose, api::optional_string(doc, "purpose"));
  if (!purpose.empty()) input.purpose = std::move(purpose);
  if (doc.HasMember("days")) {
    SC_ASSIGN_OR_RETURN(const int64_t days, api::required_int(doc, "days"));
    if (days < 1 || days > kMaxConsentDays) {
      return Error{ErrorCode::kInvalidArgument, "days: must be 1 to 365"};
    }
    input.days = static_cast<int>(days);
  }
  return input;
}

std::string consent_body(int64_t id, std::string_view enterprise_id, const GrantInput& input,
                         Timestamp expires_at) {
  api::JsonBuffer buffer;
  api::JsonWriter w(buffer);
  w.StartObject();
  w.Key("id");
  w.Int64(id);
  api::write_field(w, "enterprise_id", enterprise_id);
  w.Key("scopes");
  w.StartArray();
  for (const std::string& scope : input.scopes) w.String(scope.c_str());
  w.EndArray();
  api::write_field(w, "purpose", input.purpose);
  api::write_field(w, "expires_at", format_timestamp(expires_at));
  w.EndObject();
  return buffer.GetString();
}

Status provider_configured(const Ctx& ctx) {
  if (ctx.pulls != nullptr) return ok_status();
  return Error{ErrorCode::kUnavailable,
               "no data provider is configured (provider.url); consent cannot be recorded"};
}

Result<std::string> grant(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  const std::string enterprise_id(request.path_param("id"));
  SC_RETURN_IF_ERROR(api::enterprise_access(*ctx.service, who, enterprise_id));
  SC_RETURN_IF_ERROR(provider_configured(ctx));
  SC_ASSIGN_OR_RETURN(const GrantInput input, parse_grant(request.body));
  SC_ASSIGN_OR_RETURN(const origination::EnterpriseRecord enterprise,
                      ctx.service->enterprise(enterprise_id));
  const Timestamp expires_at = ctx.clock->now() + std::chrono::hours(24) * input.days;
  const int64_t expires_unix =
      std::chrono::duration_cast<std::chrono::seconds>(expires_at.time_since_epoch()).count();
  const connectors::ConsentClaims claims{enterprise.data.uscc, input.scopes, input.purpose,
                                         expires_unix};
  SC_RETURN_IF_ERROR(connectors::validate_claims(claims));
  SC_ASSIGN_OR_RETURN(std::string token,
                      connectors::mint_consent_token(ctx.consent_secret, claims));
  SC_ASSIGN_OR_RETURN(const int64_t id,
                      ctx.pulls->record_consent({.enterprise_id = claims.enterprise_id,
                                                 .scopes = input.scopes,
                                                 .purpose = input.purpose,
                                                 .token = std::move(token),
                                                 .expires_at = expires_at,
                                                 .actor = who.subject}));
  return consent_body(id, enterprise_id, input, expires_at);
}

Status revoke(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  const std::string enterprise_id(request.path_param("id"));
  SC_RETURN_IF_ERROR(api::enterprise_access(*ctx.service, who, enterprise_id));
  SC_RETURN_IF_ERROR(provider_configured(ctx));
  SC_ASSIGN_OR_RETURN(const int64_t consent_id,
                      parse_int64(request.path_param("consent_id"), "consent_id", 1, INT64_MAX));
  SC_ASSIGN_OR_RETURN(const origination::EnterpriseRecord enterprise,
                      ctx.service->enterprise(enterprise_id));
  return ctx.pulls->revoke_consent(consent_id, enterprise.data.uscc, who.subject);
}

}  // namespace

void add_consent_routes(api::Router& router, const api::Gate& gate, ConsentRoutesContext context) {
  auto ctx = std::make_shared<const Ctx>(std::move(context));
  const RoleSet grantors{Role::kBorrower, Role::kPartner, Role::kAdmin};
  gate.add(
      router, api::Method::kPost, "/v1/enterprises/{id}/consents",
      {"grantConsent", "Grant the platform consent to read the enterprise's data", "enterprises",
       R"json({"201":{"description":"The consent (its token is never shown)"}})json",
       R"json({"required":true,"content":{"application/json":{"example":{
              "scopes":["registration","tax","invoices","flows","judicial","penalties",
              "relationships"],"purpose":"credit_assessment","days":90}}}})json"},
      grantors, [ctx](const HttpRequest& r, const Principal& p) {
        Result<std::string> body = grant(*ctx, r, p);
        if (!body.ok()) return api::error_response(body.error(), r.trace_id);
        return HttpResponse{201, "application/json", std::move(body).value(), {}};
      });
  gate.add(router, api::Method::kPost, "/v1/enterprises/{id}/consents/{consent_id}/revoke",
           {"revokeConsent", "Revoke a data consent; later pulls are refused", "enterprises",
            R"json({"200":{"description":"Revoked (revoking again changes nothing)"}})json"},
           grantors, [ctx](const HttpRequest& r, const Principal& p) {
             const Status s = revoke(*ctx, r, p);
             if (!s.ok()) return api::error_response(s.error(), r.trace_id);
             return HttpResponse{200, "application/json", R"({"revoked":true})", {}};
           });
}

}  // namespace smecredit::underwriting

#include "api/v1_client.h"

#include <rapidjson/document.h>

#include "security/base64url.h"
#include "security/random.h"

namespace smecredit::api {

namespace {

ErrorCode code_for_status(int status) {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return ErrorCode::kInvalidArgument;
    case 401:
      return ErrorCode::kUnauthenticated;
    case 403:
      return ErrorCode::kPermissionDenied;
    case 404:
      return ErrorCode::kNotFound;
    case 409:
    case 412:
    case 428:
      return ErrorCode::kConflict;
    case 429:
    case 502:
    case 503:
    case 504:
      return ErrorCode::kUnavailable;
    default:
      return ErrorCode::kInternal;
  }
}

}  // namespace

Result<std::string> V1Client::post(std::string_view path, std::string_view credential,
                                   std::string_view body, std::string_view idempotency_key) {
  if (!idempotency_key.empty()) return call(Method::kPost, path, credential, body, idempotency_key);
  const std::string fresh = security::base64url_encode(security::random_bytes(16));
  return call(Method::kPost, path, credential, body, fresh);
}

Result<std::string> V1Client::get(std::string_view path, std::string_view credential) {
  return call(Method::kGet, path, credential, {}, {});
}

Result<std::string> V1Client::call(Method method, std::string_view path,
                                   std::string_view credential, std::string_view body,
                                   std::string_view idempotency_key) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Authorization", "Bearer " + std::string(credential)}, {"Content-Type", "application/json"}};
  if (!idempotency_key.empty()) headers.emplace_back("Idempotency-Key", idempotency_key);
  SC_ASSIGN_OR_RETURN(ClientResponse response, client_.request(method, path, body, headers));
  if (response.status >= 200 && response.status < 300) return std::move(response.body);
  std::string detail = json_text(response.body, {"detail"});
  if (detail.empty()) detail = "HTTP " + std::to_string(response.status);
  return Error{code_for_status(response.status),
               std::string(path) + ": " + std::to_string(response.status) + " " + detail};
}

std::string json_text(std::string_view json, std::initializer_list<const char*> path) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) return "";
  const rapidjson::Value* at = &doc;
  for (const char* name : path) {
    if (!at->IsObject()) return "";
    const auto member = at->FindMember(name);
    if (member == at->MemberEnd()) return "";
    at = &member->value;
  }
  if (at->IsInt64()) return std::to_string(at->GetInt64());
  return at->IsString() ? std::string(at->GetString(), at->GetStringLength()) : "";
}

}  // namespace smecredit::api

#include "api/bank_gateway.h"

#include "api/json.h"
#include "security/digest.h"

namespace smecredit::api {

HttpBankGateway::HttpBankGateway(HttpEndpoint bank, std::string secret, std::string callback_url,
                                 int timeout_ms)
    : bank_(std::move(bank)),
      secret_(std::move(secret)),
      callback_url_(std::move(callback_url)),
      client_(bank_.host, bank_.port, timeout_ms) {}

Status HttpBankGateway::instruct(const origination::DisbursementInstruction& instruction) {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "instruction_id", instruction.instruction_id);
  write_field(w, "amount", instruction.amount.to_string());
  write_field(w, "account", instruction.account);
  write_field(w, "callback_url", callback_url_);
  w.EndObject();
  return post_signed("/v1/instructions", buffer.GetString());
}

Status HttpBankGateway::collect(std::string_view collection_id, std::string_view loan_id,
                                const Money& amount) {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "collection_id", collection_id);
  write_field(w, "loan_id", loan_id);
  write_field(w, "amount", amount.to_string());
  write_field(w, "callback_url", callback_url_);
  w.EndObject();
  return post_signed("/v1/collections", buffer.GetString());
}

Status HttpBankGateway::post_signed(const char* path, const std::string& body) {
  const std::string signature = security::to_hex(security::hmac_sha256(secret_, body));
  std::lock_guard lock(mutex_);
  SC_ASSIGN_OR_RETURN(
      const ClientResponse response,
      client_.request(Method::kPost, path, body,
                      {{"Content-Type", "application/json"}, {"X-Platform-Signature", signature}}));
  if (response.status != 200 && response.status != 202) {
    return Error{ErrorCode::kUnavailable,
                 "the bank answered " + std::to_string(response.status) + " to " + path};
  }
  return ok_status();
}

Status verify_bank_callback(std::string_view secret, const HttpRequest& request) {
  if (secret.empty()) {
    return Error{ErrorCode::kUnavailable, "bank callbacks need bank.secret to be configured"};
  }
  const std::string expected = security::to_hex(security::hmac_sha256(secret, request.body));
  if (!security::constant_time_equal(request.header("x-bank-signature"), expected)) {
    return Error{ErrorCode::kUnauthenticated, "the bank signature does not verify"};
  }
  return ok_status();
}

}  // namespace smecredit::api

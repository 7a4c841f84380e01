#include "api/lending_journey.h"

#include "api/auth.h"
#include "scf/merkle/hex.h"

namespace smecredit::api {

namespace {

// A fixed legal representative with valid GB 11643 check digits: seeded
// enterprises are synthetic, and their people are not the subject here.
constexpr std::string_view kRepresentative =
    R"("legal_rep":{"name":"示例法人","id_number":"11010519491231002X","phone":"13800138000"},)"
    R"("owners":[{"name":"示例法人","id_number":"11010519491231002X","share_percent":"100"}],)"
    R"("bank_account":"6222020200112233445")";

std::string json_escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
  }
  return out;
}

// The id's suffix after the 3-letter prefix ("app_X" -> "_X").
std::string suffix(std::string_view id) {
  return std::string(id.substr(std::min<size_t>(3, id.size())));
}

// Success or failure of a call whose answer is not needed.
Status outcome(const Result<std::string>& answer) {
  return answer.ok() ? ok_status() : Status(answer.error());
}

}  // namespace

Result<Borrower> onboard_enterprise(V1Client& client, std::string_view admin_credential,
                                    std::string_view token_key, const EnterpriseSeed& seed,
                                    const scf::SigningKey& signing_key,
                                    Timestamp token_expires_at) {
  const std::string registration =
      R"({"uscc":")" + json_escaped(seed.uscc) + R"(","name":")" + json_escaped(seed.name) +
      R"(","kind":"micro","industry":"F","region":"350100",)" + std::string(kRepresentative) + "}";
  SC_ASSIGN_OR_RETURN(const std::string created,
                      client.post("/v1/enterprises", admin_credential, registration));
  Borrower borrower;
  borrower.enterprise_id = json_text(created, {"id"});
  if (borrower.enterprise_id.empty()) {
    return Error{ErrorCode::kInternal, "POST /v1/enterprises answered without an id"};
  }
  borrower.token = Authenticator::sign_borrower_token(token_key, "owner-" + borrower.enterprise_id,
                                                      borrower.enterprise_id, token_expires_at);
  const std::string base = "/v1/enterprises/" + borrower.enterprise_id;
  SC_RETURN_IF_ERROR(outcome(
      client.post(base + "/signing-key", borrower.token,
                  R"({"public_key":")" + scf::to_hex(signing_key.public_key().bytes()) + R"("})")));
  SC_RETURN_IF_ERROR(outcome(client.post(base + "/consents", borrower.token, R"({"days":90})")));
  return borrower;
}

std::string application_body(std::string_view enterprise_id, std::string_view product_code,
                             std::string_view amount, int installments) {
  return R"({"enterprise_id":")" + json_escaped(enterprise_id) + R"(","product_code":")" +
         json_escaped(product_code) + R"(","amount":")" + json_escaped(amount) +
         R"(","installments":)" + std::to_string(installments) + R"(,"purpose":"working_capital"})";
}

Result<std::string> accept_and_sign(V1Client& client, std::string_view token,
                                    std::string_view application_id,
                                    const scf::SigningKey& signing_key) {
  const std::string tail = suffix(application_id);
  SC_RETURN_IF_ERROR(outcome(client.post("/v1/offers/off" + tail + "/accept", token, "{}")));
  SC_ASSIGN_OR_RETURN(const std::string contract, client.get("/v1/contracts/con" + tail, token));
  const std::string message = json_text(contract, {"signing_message"});
  if (message.empty()) return Error{ErrorCode::kInternal, "the contract has no signing message"};
  SC_ASSIGN_OR_RETURN(const auto signature,
                      signing_key.sign(scf::ByteSpan(
                          reinterpret_cast<const uint8_t*>(message.data()), message.size())));
  return client.post("/v1/contracts/con" + tail + "/signatures", token,
                     R"({"signature":")" + scf::to_hex(signature) + R"("})");
}

}  // namespace smecredit::api

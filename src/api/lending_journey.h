// The borrower's journey through the /v1 API as a tool drives it — onboard
// an enterprise (register, borrower token, contract-signing key, data
// consent), apply, accept the offer and sign the contract — shared by
// `smecredit bench e2e` and `smecredit demo seed` so both walk exactly the
// path a borrower's app walks.
//
// Example:
//   V1Client client("127.0.0.1", port, 5000);
//   auto borrower = onboard_enterprise(client, admin, token_key, {uscc, name}, key, now);
//   auto app = client.post("/v1/applications", borrower->token, application_body(...));
//   accept_and_sign(client, borrower->token, json_text(*app, {"id"}), key);
//
// Thread-safety: as the V1Client passed in (one per thread).
#pragma once

#include <string>

#include "api/v1_client.h"
#include "core/date.h"
#include "scf/log/signer.h"

namespace smecredit::api {

struct EnterpriseSeed {
  std::string uscc;  // must carry a valid check character
  std::string name;
};

struct Borrower {
  std::string enterprise_id;
  std::string token;  // a borrower token bound to the enterprise
};

// Registers the enterprise (as `admin_credential`), mints its borrower token
// with `token_key` (the server's security.token_key bytes) valid until
// `token_expires_at`, registers `signing_key`'s public key and grants consent
// to every data section for credit assessment.
Result<Borrower> onboard_enterprise(V1Client& client, std::string_view admin_credential,
                                    std::string_view token_key, const EnterpriseSeed& seed,
                                    const scf::SigningKey& signing_key, Timestamp token_expires_at);

// {"enterprise_id":…,"product_code":…,"amount":…,"installments":…,"purpose":"working_capital"}
std::string application_body(std::string_view enterprise_id, std::string_view product_code,
                             std::string_view amount, int installments);

// Accepts the application's offer and signs its contract with `signing_key`;
// returns the application after signing.
Result<std::string> accept_and_sign(V1Client& client, std::string_view token,
                                    std::string_view application_id,
                                    const scf::SigningKey& signing_key);

}  // namespace smecredit::api

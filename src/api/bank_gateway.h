// The platform's side of the bank: disbursement instructions over HTTP.
//
// POST {bank}/v1/instructions with {"instruction_id","amount","account",
// "callback_url"} and X-Platform-Signature = hex HMAC-SHA-256 of the body
// under the shared bank secret. 200/202 means accepted (or already held: the
// bank deduplicates by instruction id); anything else, or no answer within
// the timeout, is kUnavailable and the Disburser sends it again later. The
// result comes back asynchronously to /v1/bank/callbacks.
//
// Thread-safety: one HttpClient inside, guarded by a mutex; the Disburser
// is the only caller in practice.
#pragma once

#include <mutex>
#include <string>

#include "api/http_client.h"
#include "origination/disburser.h"

namespace smecredit::api {

class HttpBankGateway final : public origination::PaymentGateway {
 public:
  // `secret` is raw bytes; `callback_url` is where the bank reports results.
  HttpBankGateway(HttpEndpoint bank, std::string secret, std::string callback_url, int timeout_ms);
  Status instruct(const origination::DisbursementInstruction& instruction) override;

 private:
  HttpEndpoint bank_;
  std::string secret_;
  std::string callback_url_;
  std::mutex mutex_;
  HttpClient client_;  // guarded by mutex_
};

}  // namespace smecredit::api

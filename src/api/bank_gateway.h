// The platform's side of the bank: disbursement instructions and repayment
// collections over HTTP.
//
// POST {bank}/v1/instructions with {"instruction_id","amount","account",
// "callback_url"} and X-Platform-Signature = hex HMAC-SHA-256 of the body
// under the shared bank secret. 200/202 means accepted (or already held: the
// bank deduplicates by instruction id); anything else, or no answer within
// the timeout, is kUnavailable and the Disburser sends it again later. The
// result comes back asynchronously to /v1/bank/callbacks.
//
// POST {bank}/v1/collections with {"collection_id","loan_id","amount",
// "callback_url"}, signed
// the same way, asks the bank to debit the borrower's account under the
// repayment mandate (代扣). The money arrives as a payment callback whose
// reference is the collection id, so a collection sent twice repays once.
//
// The bank's callbacks to the platform carry X-Bank-Signature, the hex
// HMAC-SHA-256 of the body under the same secret; verify_bank_callback
// checks it (in constant time) for every callback route.
//
// Thread-safety: one HttpClient inside, guarded by a mutex; the Disburser
// is the only caller in practice. verify_bank_callback is a free function.
#pragma once

#include <mutex>
#include <string>

#include "api/http_client.h"
#include "core/money.h"
#include "origination/disburser.h"

namespace smecredit::api {

class HttpBankGateway final : public origination::PaymentGateway {
 public:
  // `secret` is raw bytes; `callback_url` is where the bank reports results.
  HttpBankGateway(HttpEndpoint bank, std::string secret, std::string callback_url, int timeout_ms);
  Status instruct(const origination::DisbursementInstruction& instruction) override;
  // kUnavailable when the bank does not accept it (the caller may retry
  // with the same id).
  Status collect(std::string_view collection_id, std::string_view loan_id, const Money& amount);

 private:
  // POSTs `body` signed to `path`; kUnavailable unless the bank answers 200/202.
  Status post_signed(const char* path, const std::string& body);

  HttpEndpoint bank_;
  std::string secret_;
  std::string callback_url_;
  std::mutex mutex_;
  HttpClient client_;  // guarded by mutex_
};

// ok when the request carries the bank's signature of its body under
// `secret` (raw bytes); kUnauthenticated when not; kUnavailable when no
// secret is configured.
Status verify_bank_callback(std::string_view secret, const HttpRequest& request);

}  // namespace smecredit::api

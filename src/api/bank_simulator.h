// A simulated bank for development, demos and the end-to-end benchmark
// (`smecredit bank serve`). It plays the bank's side of bank_gateway.h:
//
//   POST /v1/instructions  a disbursement instruction, signed by the platform
//                          (X-Platform-Signature); deduplicated by
//                          instruction_id: a repeat re-sends the known result.
//   POST /v1/payments      {"loan_id","amount"}: a borrower pays in; the bank
//                          reports it to the payments callback URL.
//   POST /v1/collections   {"collection_id","loan_id","amount","callback_url"},
//                          signed by the platform: debit the borrower's account
//                          under its repayment mandate (代扣); reported to
//                          callback_url like a payment, with the collection id
//                          as the bank reference.
//
// Results are delivered asynchronously, after `delay_ms`, as signed
// (X-Bank-Signature) POSTs, redelivered with backoff until the platform
// answers 200. Faults are configurable: a share of disbursements fail, and
// a share of callbacks are delivered twice.
//
// Thread-safety: handlers run on the server's threads; one delivery thread
// owns the outgoing connections. Destroying the simulator stops delivery.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/json.h"
#include "api/router.h"
#include "core/clock.h"
#include "core/result.h"

namespace smecredit::api {

struct BankSimulatorOptions {
  std::string secret;                 // raw bytes, shared with the platform
  std::string payments_callback_url;  // where incoming payments are reported
  int delay_ms = 0;
  int failure_percent = 0;    // disbursements that fail
  int duplicate_percent = 0;  // callbacks delivered twice
  uint64_t seed = 1;
  int callback_timeout_ms = 2'000;
  int max_delivery_attempts = 30;
  size_t max_queue = 100'000;  // beyond this, new work is refused with 503
};

class BankSimulator {
 public:
  BankSimulator(BankSimulatorOptions options, const Clock& clock);
  ~BankSimulator();
  BankSimulator(const BankSimulator&) = delete;
  BankSimulator& operator=(const BankSimulator&) = delete;

  // The routes above; the simulator must outlive the router.
  void add_routes(Router& router);

  // Callbacks delivered so far (including duplicates); for tests.
  int64_t delivered() const;

 private:
  struct Delivery {
    Timestamp due;
    std::string url;
    std::string body;
    int attempts = 0;
  };

  // The body of a request the platform signed (X-Platform-Signature), parsed.
  Result<rapidjson::Document> platform_request(const HttpRequest& request) const;
  HttpResponse instruction(const HttpRequest& request);
  HttpResponse payment(const HttpRequest& request);
  HttpResponse collection(const HttpRequest& request);
  std::string payment_callback(const std::string& loan_id, const std::string& amount,
                               const std::string& reference) const;
  Status enqueue(const std::string& url, const std::string& body, int copies);
  bool chance(int percent);  // requires mutex_
  void deliver_loop();
  bool deliver(Delivery& delivery);

  const BankSimulatorOptions options_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;                       // guarded by mutex_
  std::multimap<Timestamp, Delivery> queue_;    // guarded by mutex_
  std::map<std::string, std::string> results_;  // instruction id -> callback body
  uint64_t random_state_;                       // guarded by mutex_
  int64_t next_reference_ = 1;                  // guarded by mutex_
  int64_t delivered_ = 0;                       // guarded by mutex_
  std::thread thread_;
};

}  // namespace smecredit::api

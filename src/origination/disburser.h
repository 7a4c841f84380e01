// Sending disbursement instructions to the bank, and the gateway seam.
//
// The Disburser owns one thread. It wakes when notified (a contract was
// signed or a lien confirmed) or every poll interval, asks the service for
// due instructions (pending ones, and sent ones the bank has not answered
// within `resend_after`), sends each through the PaymentGateway, and marks
// it sent. The bank deduplicates by instruction id and its answer arrives
// later as a callback (OriginationService::record_disbursement), so sending
// twice after a crash or a timeout never pays twice.
//
// Thread-safety: notify() may be called from any thread. The service,
// gateway and clock must outlive the Disburser; destroying it stops the
// thread after the pass in progress.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "origination/origination_service.h"

namespace smecredit::origination {

class PaymentGateway {
 public:
  virtual ~PaymentGateway() = default;
  // Ok once the bank has accepted (or already holds) the instruction;
  // kUnavailable when it could not be reached (the Disburser retries).
  virtual Status instruct(const DisbursementInstruction& instruction) = 0;
};

struct DisburserOptions {
  std::chrono::milliseconds poll_interval{500};
  std::chrono::seconds resend_after{30};
  int64_t batch_limit = 100;  // instructions per pass
};

class Disburser {
 public:
  Disburser(OriginationService& service, PaymentGateway& gateway, const Clock& clock,
            DisburserOptions options);
  ~Disburser();
  Disburser(const Disburser&) = delete;
  Disburser& operator=(const Disburser&) = delete;

  void notify();
  // One pass on the calling thread: the number of instructions sent.
  Result<int> send_due();

 private:
  void run();

  OriginationService& service_;
  PaymentGateway& gateway_;
  const Clock& clock_;
  const DisburserOptions options_;
  std::mutex mutex_;  // guards stopping_ and woken_
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::mutex pass_mutex_;  // one pass at a time (thread and send_due callers)
  std::thread thread_;
};

}  // namespace smecredit::origination

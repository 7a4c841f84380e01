#include "origination/disburser.h"

namespace smecredit::origination {

Disburser::Disburser(OriginationService& service, PaymentGateway& gateway, const Clock& clock,
                     DisburserOptions options)
    : service_(service), gateway_(gateway), clock_(clock), options_(options) {
  thread_ = std::thread([this] { run(); });
}

Disburser::~Disburser() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Disburser::notify() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

Result<int> Disburser::send_due() {
  std::lock_guard pass(pass_mutex_);
  SC_ASSIGN_OR_RETURN(
      const std::vector<DisbursementInstruction> due,
      service_.due_disbursements(clock_.now(), options_.resend_after, options_.batch_limit));
  int sent = 0;
  for (const DisbursementInstruction& instruction : due) {
    if (!gateway_.instruct(instruction).ok()) continue;  // retried on a later pass
    SC_RETURN_IF_ERROR(service_.mark_sent(instruction.instruction_id, clock_.now()));
    ++sent;
  }
  return sent;
}

void Disburser::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
    if (stopping_) break;
    woken_ = false;
    lock.unlock();
    (void)send_due();  // failures are retried on the next pass
    lock.lock();
  }
}

}  // namespace smecredit::origination

#include "api/bank_simulator.h"

#include <algorithm>
#include <memory>

#include "api/http_client.h"
#include "api/json.h"
#include "api/problem.h"
#include "core/business_date.h"
#include "security/digest.h"

namespace smecredit::api {

namespace {

std::string sign(std::string_view secret, std::string_view body) {
  return security::to_hex(security::hmac_sha256(secret, body));
}

HttpResponse accepted(std::string_view status) {
  return HttpResponse{202, "application/json", json_object_with_string("status", status), {}};
}

}  // namespace

BankSimulator::BankSimulator(BankSimulatorOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock), random_state_(options_.seed) {
  thread_ = std::thread([this] { deliver_loop(); });
}

BankSimulator::~BankSimulator() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void BankSimulator::add_routes(Router& router) {
  router.add(Method::kPost, "/v1/instructions",
             {"postInstruction", "A disbursement instruction (simulated bank)", "bank",
              R"json({"202":{"description":"Accepted; the result follows by callback"}})json"},
             [this](const HttpRequest& r) { return instruction(r); });
  router.add(Method::kPost, "/v1/payments",
             {"postPayment", "A borrower's incoming payment (simulated bank)", "bank",
              R"json({"202":{"description":"Accepted; reported by callback"}})json"},
             [this](const HttpRequest& r) { return payment(r); });
  router.add(Method::kPost, "/v1/collections",
             {"postCollection",
              "Debit a borrower's account for a repayment, asked by the platform "
              "(simulated bank; X-Platform-Signature)",
              "bank", R"json({"202":{"description":"Accepted; reported by callback"}})json"},
             [this](const HttpRequest& r) { return collection(r); });
}

int64_t BankSimulator::delivered() const {
  std::lock_guard lock(mutex_);
  return delivered_;
}

bool BankSimulator::chance(int percent) {
  // splitmix64: deterministic for a seed, independent of the C++ library.
  random_state_ += 0x9E3779B97F4A7C15ull;
  uint64_t z = random_state_;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<int>(z % 100) < percent;
}

Status BankSimulator::enqueue(const std::string& url, const std::string& body, int copies) {
  std::lock_guard lock(mutex_);
  if (queue_.size() + static_cast<size_t>(copies) > options_.max_queue) {
    return Error{ErrorCode::kUnavailable, "the simulated bank is saturated"};
  }
  const Timestamp due = clock_.now() + std::chrono::milliseconds(options_.delay_ms);
  for (int i = 0; i < copies; ++i) queue_.emplace(due, Delivery{due, url, body, 0});
  wake_.notify_all();
  return ok_status();
}

Result<rapidjson::Document> BankSimulator::platform_request(const HttpRequest& request) const {
  if (!security::constant_time_equal(request.header("x-platform-signature"),
                                     sign(options_.secret, request.body))) {
    return Error{ErrorCode::kUnauthenticated, "bad platform signature"};
  }
  return parse_json_object(request.body);
}

HttpResponse BankSimulator::instruction(const HttpRequest& request) {
  auto body = platform_request(request);
  if (!body.ok()) return error_response(body.error(), request.trace_id);
  auto id = required_string(body.value(), "instruction_id");
  auto url = required_string(body.value(), "callback_url");
  if (!id.ok() || !url.ok()) {
    return error_response(id.ok() ? url.error() : id.error(), request.trace_id);
  }
  std::string callback;
  int copies = 1;
  {
    std::lock_guard lock(mutex_);
    const auto known = results_.find(id.value());
    if (known != results_.end()) {
      callback = known->second;  // a repeat: report the same result again
    } else {
      const bool failed = chance(options_.failure_percent);
      JsonBuffer buffer;
      JsonWriter w(buffer);
      w.StartObject();
      write_field(w, "type", "disbursement");
      write_field(w, "instruction_id", id.value());
      write_field(w, "status", failed ? "failed" : "succeeded");
      write_field(w, "bank_reference", "SIMB-" + std::to_string(next_reference_++));
      w.EndObject();
      callback = buffer.GetString();
      results_.emplace(id.value(), callback);
    }
    if (chance(options_.duplicate_percent)) copies = 2;
  }
  const Status queued = enqueue(url.value(), callback, copies);
  if (!queued.ok()) return error_response(queued.error(), request.trace_id);
  return accepted("accepted");
}

// The payment callback the platform receives for money paid in.
std::string BankSimulator::payment_callback(const std::string& loan_id, const std::string& amount,
                                            const std::string& reference) const {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "type", "payment");
  write_field(w, "loan_id", loan_id);
  write_field(w, "amount", amount);
  write_field(w, "date", format_date(business_date(clock_.now())));
  write_field(w, "reference", reference);
  w.EndObject();
  return buffer.GetString();
}

HttpResponse BankSimulator::payment(const HttpRequest& request) {
  auto body = parse_json_object(request.body);
  if (!body.ok()) return error_response(body.error(), request.trace_id);
  auto loan_id = required_string(body.value(), "loan_id");
  auto amount = required_string(body.value(), "amount");
  if (!loan_id.ok() || !amount.ok()) {
    return error_response(loan_id.ok() ? amount.error() : loan_id.error(), request.trace_id);
  }
  if (options_.payments_callback_url.empty()) {
    return error_response(Error{ErrorCode::kFailedPrecondition, "no payments callback URL"},
                          request.trace_id);
  }
  std::string reference;
  int copies = 1;
  {
    std::lock_guard lock(mutex_);
    reference = "SIMP-" + std::to_string(next_reference_++);
    if (chance(options_.duplicate_percent)) copies = 2;
  }
  const Status queued =
      enqueue(options_.payments_callback_url,
              payment_callback(loan_id.value(), amount.value(), reference), copies);
  if (!queued.ok()) return error_response(queued.error(), request.trace_id);
  return HttpResponse{202, "application/json", json_object_with_string("reference", reference), {}};
}

HttpResponse BankSimulator::collection(const HttpRequest& request) {
  auto body = platform_request(request);
  if (!body.ok()) return error_response(body.error(), request.trace_id);
  auto id = required_string(body.value(), "collection_id");
  auto loan_id = required_string(body.value(), "loan_id");
  auto amount = required_string(body.value(), "amount");
  auto url = required_string(body.value(), "callback_url");
  for (const auto* field : {&id, &loan_id, &amount, &url}) {
    if (!field->ok()) return error_response(field->error(), request.trace_id);
  }
  int copies = 1;
  {
    std::lock_guard lock(mutex_);
    if (chance(options_.duplicate_percent)) copies = 2;
  }
  // The collection id is the payment's reference: a repeated request (the
  // platform retrying after a lost answer) is reported again under the same
  // reference, which the platform applies once.
  const Status queued =
      enqueue(url.value(), payment_callback(loan_id.value(), amount.value(), id.value()), copies);
  if (!queued.ok()) return error_response(queued.error(), request.trace_id);
  return HttpResponse{
      202, "application/json", json_object_with_string("reference", id.value()), {}};
}

bool BankSimulator::deliver(Delivery& delivery) {
  auto endpoint = parse_http_url(delivery.url);
  if (!endpoint.ok()) return true;  // undeliverable: drop it
  HttpClient client(endpoint.value().host, endpoint.value().port, options_.callback_timeout_ms);
  auto response = client.request(Method::kPost, endpoint.value().path, delivery.body,
                                 {{"Content-Type", "application/json"},
                                  {"X-Bank-Signature", sign(options_.secret, delivery.body)}});
  return response.ok() && response.value().status == 200;
}

void BankSimulator::deliver_loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      continue;
    }
    const Timestamp due = queue_.begin()->first;
    if (clock_.now() < due) {
      wake_.wait_for(lock, std::chrono::milliseconds(5));
      continue;
    }
    Delivery delivery = std::move(queue_.begin()->second);
    queue_.erase(queue_.begin());
    lock.unlock();
    const bool done = deliver(delivery);
    lock.lock();
    if (done) {
      ++delivered_;
    } else if (++delivery.attempts < options_.max_delivery_attempts) {
      const auto backoff =
          std::chrono::milliseconds(std::min(5'000, 50 << std::min(delivery.attempts, 7)));
      delivery.due = clock_.now() + backoff;
      queue_.emplace(delivery.due, std::move(delivery));
    }
  }
}

}  // namespace smecredit::api

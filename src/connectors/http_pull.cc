#include "connectors/http_pull.h"

#include <algorithm>
#include <charconv>
#include <thread>

#include "api/http_client.h"
#include "connectors/consent/consent_token.h"
#include "connectors/world/prng.h"

namespace smecredit::connectors {
namespace {

int parse_retry_after_ms(std::string_view header) {
  int seconds = 0;
  const auto [end, error] = std::from_chars(header.data(), header.data() + header.size(), seconds);
  if (error != std::errc() || end != header.data() + header.size() || seconds < 0) return 0;
  return std::min(seconds, 3600) * 1000;
}

Error status_error(int status) {
  switch (status) {
    case 401:
      return Error{ErrorCode::kUnauthenticated, "the provider refused the credentials"};
    case 403:
      return Error{ErrorCode::kPermissionDenied, "the provider refused the consent"};
    case 404:
      return Error{ErrorCode::kNotFound, "the provider has no such enterprise"};
    default:
      return Error{ErrorCode::kUnavailable, "the provider answered HTTP " + std::to_string(status)};
  }
}

}  // namespace

bool CircuitBreaker::allow() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (!open_) return true;
  const auto elapsed = std::chrono::steady_clock::now() - opened_at_;
  if (elapsed < std::chrono::milliseconds(open_ms_) || trial_in_flight_) return false;
  trial_in_flight_ = true;  // half-open: one trial
  return true;
}

void CircuitBreaker::record_success() {
  const std::lock_guard<std::mutex> lock(mutex_);
  consecutive_failures_ = 0;
  open_ = false;
  trial_in_flight_ = false;
}

void CircuitBreaker::record_failure() {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++consecutive_failures_;
  if (trial_in_flight_ || consecutive_failures_ >= failure_threshold_) {
    open_ = true;
    opened_at_ = std::chrono::steady_clock::now();
  }
  trial_in_flight_ = false;
}

bool CircuitBreaker::is_open() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return open_;
}

HttpPullConnector::HttpPullConnector(HttpPullOptions options)
    : options_(std::move(options)), breaker_(options_.breaker_failures, options_.breaker_open_ms) {}

HttpPullConnector::Attempt HttpPullConnector::attempt_once(const FetchRequest& request) {
  api::HttpClient client(options_.host, options_.port, options_.timeout_ms);
  const std::string target =
      "/v1/provider/enterprises/" + request.enterprise_id + "/" + request.section;
  Result<api::ClientResponse> response =
      client.request(api::Method::kGet, target, {},
                     {{"X-Api-Key", options_.api_key}, {"X-Consent-Token", request.consent_token}});
  if (!response.ok()) {
    return {Error{ErrorCode::kUnavailable, "the provider did not answer in time"}, true, 0};
  }
  const int status = response.value().status;
  if (status == 429) {
    return {Error{ErrorCode::kUnavailable, "the provider rate-limited the pull"}, true,
            parse_retry_after_ms(response.value().header("retry-after"))};
  }
  if (status != 200) return {status_error(status), status >= 500, 0};
  const Status valid =
      validate_section_payload(response.value().body, request.enterprise_id, request.section);
  if (!valid.ok()) return {valid.error(), true, 0};
  return {std::move(response.value().body), false, 0};
}

int HttpPullConnector::backoff_ms(int attempt, int retry_after_ms) {
  int64_t delay = options_.backoff_base_ms;
  for (int i = 1; i < attempt && delay < options_.backoff_max_ms; ++i) delay *= 2;
  delay = std::min<int64_t>({std::max<int64_t>(delay, retry_after_ms), options_.backoff_max_ms});
  const uint64_t draw = world::mix64(options_.jitter_seed * 0x9E3779B97F4A7C15ULL +
                                     jitter_counter_.fetch_add(1, std::memory_order_relaxed));
  const int64_t half = delay / 2;
  return static_cast<int>(half +
                          static_cast<int64_t>(draw % static_cast<uint64_t>(delay - half + 1)));
}

bool HttpPullConnector::acquire_slot() {
  std::unique_lock<std::mutex> lock(slots_mutex_);
  const bool got = slots_free_.wait_for(lock, std::chrono::milliseconds(options_.timeout_ms),
                                        [&] { return in_flight_ < options_.max_concurrent; });
  if (got) ++in_flight_;
  return got;
}

void HttpPullConnector::release_slot() {
  {
    const std::lock_guard<std::mutex> lock(slots_mutex_);
    --in_flight_;
  }
  slots_free_.notify_one();
}

Result<FetchResult> HttpPullConnector::fetch(const FetchRequest& request) {
  if (!is_consent_scope(request.section)) {
    return Error{ErrorCode::kInvalidArgument, "unknown section '" + request.section + "'"};
  }
  if (!breaker_.allow()) {
    return Error{ErrorCode::kUnavailable, "circuit open: the provider failed repeatedly"};
  }
  if (!acquire_slot()) {
    return Error{ErrorCode::kUnavailable, "concurrency limit: no slot within the timeout"};
  }
  Attempt last{Error{ErrorCode::kUnavailable, "no attempt made"}, true, 0};
  int attempts = 0;
  while (attempts < options_.max_attempts) {
    ++attempts;
    last = attempt_once(request);
    if (last.body.ok() || !last.retryable || attempts == options_.max_attempts) break;
    std::this_thread::sleep_for(
        std::chrono::milliseconds(backoff_ms(attempts, last.retry_after_ms)));
  }
  release_slot();
  if (!last.body.ok()) {
    // A refusal (401/403/404) still shows the provider is up.
    if (last.retryable) {
      breaker_.record_failure();
    } else {
      breaker_.record_success();
    }
    return last.body.error();
  }
  breaker_.record_success();
  return FetchResult{std::move(last.body).value(), attempts};
}

}  // namespace smecredit::connectors

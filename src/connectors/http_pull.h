// HttpPullConnector: pulls a section from a provider over HTTP
// (api/http_client.h), GET /v1/provider/enterprises/{id}/{section} with the
// API key and the consent token as headers.
//
// Resilience, all bounded:
//   * every attempt has a deadline (timeout_ms, connect + write + read);
//   * retryable failures — network errors and timeouts, 5xx, 429, an invalid
//     payload — are retried up to max_attempts in all, after a full-jitter
//     exponential backoff: uniform in [d/2, d], d = min(backoff_max_ms,
//     backoff_base_ms * 2^(attempt-1)); a 429's Retry-After raises d (capped);
//   * a circuit breaker opens after breaker_failures consecutive failed
//     fetches and fails fast (kUnavailable) for breaker_open_ms, then lets one
//     trial through (half-open);
//   * at most max_concurrent fetches run at once; a caller waits at most
//     timeout_ms for a slot;
//   * 401 → kUnauthenticated, 403 → kPermissionDenied, 404 → kNotFound,
//     never retried.
// The API key, the token and response bodies are never logged or put into
// error messages.
//
// Thread-safety: fetch() may be called from many threads; each call uses its
// own HTTP connection.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include "connectors/connector.h"

namespace smecredit::connectors {

struct HttpPullOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 9090;
  std::string api_key;
  int timeout_ms = 2000;
  int max_attempts = 4;
  int backoff_base_ms = 50;
  int backoff_max_ms = 2000;
  int breaker_failures = 5;
  int breaker_open_ms = 5000;
  int max_concurrent = 4;
  uint64_t jitter_seed = 1;
};

// Consecutive-failure circuit breaker. Time comes from steady_clock.
class CircuitBreaker {
 public:
  CircuitBreaker(int failure_threshold, int open_ms)
      : failure_threshold_(failure_threshold), open_ms_(open_ms) {}
  // False while open (fail fast). After open_ms one caller is let through.
  bool allow();
  void record_success();
  void record_failure();
  bool is_open() const;

 private:
  const int failure_threshold_;
  const int open_ms_;
  mutable std::mutex mutex_;
  int consecutive_failures_ = 0;
  bool open_ = false;
  bool trial_in_flight_ = false;
  std::chrono::steady_clock::time_point opened_at_;
};

class HttpPullConnector final : public Connector {
 public:
  explicit HttpPullConnector(HttpPullOptions options);

  std::string name() const override { return "http"; }
  Result<FetchResult> fetch(const FetchRequest& request) override;
  const CircuitBreaker& breaker() const { return breaker_; }

 private:
  struct Attempt {
    Result<std::string> body;
    bool retryable;
    int retry_after_ms;
  };
  Attempt attempt_once(const FetchRequest& request);
  int backoff_ms(int attempt, int retry_after_ms);
  bool acquire_slot();
  void release_slot();

  const HttpPullOptions options_;
  CircuitBreaker breaker_;
  std::atomic<uint64_t> jitter_counter_{0};
  std::mutex slots_mutex_;
  std::condition_variable slots_free_;
  int in_flight_ = 0;
};

}  // namespace smecredit::connectors

// Request metrics in the Prometheus text exposition format (version 0.0.4).
//
// Series:
//   smecredit_http_requests_total{route,method,status}                 counter
//   smecredit_http_request_duration_seconds{route,method,status}       histogram
//   smecredit_http_requests_in_flight                                  gauge
//   smecredit_http_connections_open                                    gauge
// `route` is the route template ("/v1/loans/{id}"), never the raw path, so
// the number of series stays bounded whatever clients send.
//
// Thread-safety: all methods may be called concurrently.
//
// Example:
//   metrics.record_request("/healthz", "GET", 200, std::chrono::microseconds{120});
//   std::string text = metrics.render();
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace smecredit::api {

class Metrics {
 public:
  static constexpr std::array<double, 14> kBucketsSeconds{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0};

  void record_request(std::string_view route, std::string_view method, int status,
                      std::chrono::microseconds duration);
  void request_started() { ++in_flight_; }
  void request_finished() { --in_flight_; }
  void connection_opened() { ++connections_; }
  void connection_closed() { --connections_; }

  std::string render() const;

 private:
  struct Series {
    uint64_t count = 0;
    uint64_t sum_micros = 0;
    std::array<uint64_t, kBucketsSeconds.size()> buckets{};  // non-cumulative
  };

  mutable std::mutex mutex_;
  // Key: route '\n' method '\n' status. Guarded by mutex_.
  std::map<std::string, Series> series_;
  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> connections_{0};
};

}  // namespace smecredit::api

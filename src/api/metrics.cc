#include "api/metrics.h"

#include <cstdio>
#include <vector>

namespace smecredit::api {

namespace {

// Label values are escaped per the exposition format: \\, \" and \n.
std::string escape_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string format_bound(double bound) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", bound);
  return buffer;
}

struct Labels {
  std::string route, method, status;
};

Labels split_key(const std::string& key) {
  const size_t first = key.find('\n');
  const size_t second = key.find('\n', first + 1);
  return {key.substr(0, first), key.substr(first + 1, second - first - 1), key.substr(second + 1)};
}

}  // namespace

void Metrics::record_request(std::string_view route, std::string_view method, int status,
                             std::chrono::microseconds duration) {
  std::string key;
  key.reserve(route.size() + method.size() + 6);
  key.append(route).append("\n").append(method).append("\n").append(std::to_string(status));
  const auto micros = static_cast<uint64_t>(duration.count() < 0 ? 0 : duration.count());
  const double seconds = static_cast<double>(micros) / 1e6;
  std::lock_guard lock(mutex_);
  Series& s = series_[key];
  ++s.count;
  s.sum_micros += micros;
  for (size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) {
      ++s.buckets[i];
      break;
    }
  }
}

std::string Metrics::render() const {
  std::map<std::string, Series> snapshot;
  {
    std::lock_guard lock(mutex_);
    snapshot = series_;
  }
  std::string out;
  out += "# HELP smecredit_http_requests_total HTTP requests answered.\n";
  out += "# TYPE smecredit_http_requests_total counter\n";
  std::vector<std::pair<std::string, const Series*>> rows;
  for (const auto& [key, series] : snapshot) {
    const Labels l = split_key(key);
    const std::string labels = "route=\"" + escape_label(l.route) + "\",method=\"" +
                               escape_label(l.method) + "\",status=\"" + l.status + "\"";
    out += "smecredit_http_requests_total{" + labels + "} " + std::to_string(series.count) + "\n";
    rows.emplace_back(labels, &series);
  }
  out += "# HELP smecredit_http_request_duration_seconds Time from request headers to response.\n";
  out += "# TYPE smecredit_http_request_duration_seconds histogram\n";
  for (const auto& [labels, series] : rows) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBucketsSeconds.size(); ++i) {
      cumulative += series->buckets[i];
      out += "smecredit_http_request_duration_seconds_bucket{" + labels + ",le=\"" +
             format_bound(kBucketsSeconds[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "smecredit_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(series->count) + "\n";
    char sum[64];
    std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(series->sum_micros) / 1e6);
    out += "smecredit_http_request_duration_seconds_sum{" + labels + "} " + sum + "\n";
    out += "smecredit_http_request_duration_seconds_count{" + labels + "} " +
           std::to_string(series->count) + "\n";
  }
  out += "# HELP smecredit_http_requests_in_flight Requests being processed.\n";
  out += "# TYPE smecredit_http_requests_in_flight gauge\n";
  out += "smecredit_http_requests_in_flight " + std::to_string(in_flight_.load()) + "\n";
  out += "# HELP smecredit_http_connections_open Open client connections.\n";
  out += "# TYPE smecredit_http_connections_open gauge\n";
  out += "smecredit_http_connections_open " + std::to_string(connections_.load()) + "\n";
  return out;
}

}  // namespace smecredit::api

#include "api/metrics.h"

#include <gtest/gtest.h>

namespace smecredit::api {
namespace {

TEST(MetricsTest, CountsRequestsPerRouteMethodAndStatus) {
  Metrics metrics;
  metrics.record_request("/healthz", "GET", 200, std::chrono::microseconds{150});
  metrics.record_request("/healthz", "GET", 200, std::chrono::microseconds{3000});
  metrics.record_request("/readyz", "GET", 503, std::chrono::microseconds{50});
  const std::string text = metrics.render();
  EXPECT_NE(text.find("smecredit_http_requests_total{route=\"/healthz\",method=\"GET\","
                      "status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("smecredit_http_requests_total{route=\"/readyz\",method=\"GET\","
                      "status=\"503\"} 1\n"),
            std::string::npos);
  // 150 us falls in the 0.00025 bucket; buckets are cumulative.
  EXPECT_NE(text.find("route=\"/healthz\",method=\"GET\",status=\"200\",le=\"0.0001\"} 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("route=\"/healthz\",method=\"GET\",status=\"200\",le=\"0.00025\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("route=\"/healthz\",method=\"GET\",status=\"200\",le=\"0.005\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("route=\"/healthz\",method=\"GET\",status=\"200\",le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("smecredit_http_request_duration_seconds_sum{route=\"/healthz\",method="
                      "\"GET\",status=\"200\"} 0.003150\n"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE smecredit_http_request_duration_seconds histogram"),
            std::string::npos);
}

TEST(MetricsTest, EscapesLabelValues) {
  Metrics metrics;
  metrics.record_request("/a\"b\\c", "GET", 200, std::chrono::microseconds{1});
  EXPECT_NE(metrics.render().find("route=\"/a\\\"b\\\\c\""), std::string::npos);
}

TEST(MetricsTest, TracksGauges) {
  Metrics metrics;
  metrics.request_started();
  metrics.connection_opened();
  metrics.connection_opened();
  metrics.connection_closed();
  const std::string text = metrics.render();
  EXPECT_NE(text.find("smecredit_http_requests_in_flight 1\n"), std::string::npos);
  EXPECT_NE(text.find("smecredit_http_connections_open 1\n"), std::string::npos);
}

}  // namespace
}  // namespace smecredit::api

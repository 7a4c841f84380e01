#include "api/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <optional>

#include "core/parse.h"

namespace smecredit::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
http::verb to_verb(Method method) {
  switch (method) {
    case Method::kGet:
      return http::verb::get;
    case Method::kHead:
      return http::verb::head;
    case Method::kPost:
      return http::verb::post;
    case Method::kPut:
      return http::verb::put;
    case Method::kPatch:
      return http::verb::patch;
    case Method::kDelete:
      return http::verb::delete_;
    case Method::kOptions:
      return http::verb::options;
    case Method::kOther:
      break;
  }
  return http::verb::unknown;
}
}  // namespace

std::string_view ClientResponse::header(std::string_view lower_case_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_case_name) return value;
  }
  return {};
}

class HttpClient::Impl {
 public:
  Impl(std::string host, uint16_t port, int timeout_ms)
      : host_(std::move(host)), port_(port), timeout_ms_(timeout_ms) {}

  Result<ClientResponse> request(Method method, std::string_view target, std::string_view body,
                                 const std::vector<std::pair<std::string, std::string>>& headers) {
    Result<ClientResponse> result = attempt(method, target, body, headers);
    if (!result.ok()) stream_.reset();
    return result;
  }

 private:
  Result<ClientResponse> attempt(Method method, std::string_view target, std::string_view body,
                                 const std::vector<std::pair<std::string, std::string>>& headers) {
    beast::error_code ec;
    if (!stream_) {
      stream_.emplace(io_);
      tcp::resolver resolver(io_);
      const auto endpoints = resolver.resolve(host_, std::to_string(port_), ec);
      if (ec) return Error{ErrorCode::kUnavailable, "cannot resolve " + host_};
      stream_->expires_after(std::chrono::milliseconds(timeout_ms_));
      stream_->connect(endpoints, ec);
      if (ec) return Error{ErrorCode::kUnavailable, "cannot connect: " + ec.message()};
    }
    http::request<http::string_body> req{to_verb(method), std::string(target), 11};
    req.set(http::field::host, host_);
    req.keep_alive(true);
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = std::string(body);
    req.prepare_payload();
    stream_->expires_after(std::chrono::milliseconds(timeout_ms_));
    http::write(*stream_, req, ec);
    if (ec) return Error{ErrorCode::kUnavailable, "write failed: " + ec.message()};
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::uint64_t{64} * 1024 * 1024);
    http::read(*stream_, buffer_, parser, ec);
    if (ec) return Error{ErrorCode::kUnavailable, "read failed: " + ec.message()};
    http::response<http::string_body> res = parser.release();
    ClientResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name(field.name_string().data(), field.name_string().size());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers.emplace_back(std::move(name),
                               std::string(field.value().data(), field.value().size()));
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) stream_.reset();
    return out;
  }

  std::string host_;
  uint16_t port_;
  int timeout_ms_;
  net::io_context io_;
  std::optional<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
};

HttpClient::HttpClient(std::string host, uint16_t port, int timeout_ms)
    : impl_(std::make_unique<Impl>(std::move(host), port, timeout_ms)) {}
HttpClient::~HttpClient() = default;

Result<ClientResponse> HttpClient::request(
    Method method, std::string_view target, std::string_view body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  return impl_->request(method, target, body, headers);
}

Result<HttpEndpoint> parse_http_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  const Error bad{ErrorCode::kInvalidArgument, "a URL must look like http://HOST:PORT/PATH"};
  if (!url.starts_with(kScheme)) return bad;
  std::string_view rest = url.substr(kScheme.size());
  HttpEndpoint endpoint;
  const size_t slash = rest.find('/');
  if (slash != std::string_view::npos) endpoint.path = std::string(rest.substr(slash));
  rest = rest.substr(0, slash);
  const size_t colon = rest.rfind(':');
  endpoint.host = std::string(rest.substr(0, colon));
  if (endpoint.host.empty()) return bad;
  if (colon != std::string_view::npos) {
    SC_ASSIGN_OR_RETURN(const int64_t port, parse_int64(rest.substr(colon + 1), "port", 1, 65535));
    endpoint.port = static_cast<uint16_t>(port);
  }
  return endpoint;
}

}  // namespace smecredit::api

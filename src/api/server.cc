#include "api/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "api/problem.h"

namespace smecredit::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr size_t kReadChunkBytes = size_t{64} * 1024;

Method to_method(http::verb verb) {
  switch (verb) {
    case http::verb::get:
      return Method::kGet;
    case http::verb::head:
      return Method::kHead;
    case http::verb::post:
      return Method::kPost;
    case http::verb::put:
      return Method::kPut;
    case http::verb::patch:
      return Method::kPatch;
    case http::verb::delete_:
      return Method::kDelete;
    case http::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

// A client-supplied X-Request-Id is kept when it is short and plain;
// otherwise a random 128-bit id is made.
std::string make_trace_id(std::string_view supplied) {
  const bool usable = !supplied.empty() && supplied.size() <= 64 &&
                      std::all_of(supplied.begin(), supplied.end(), [](char c) {
                        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
                      });
  if (usable) return std::string(supplied);
  thread_local std::mt19937_64 generator{std::random_device{}()};
  char buffer[33];
  std::snprintf(buffer, sizeof buffer, "%016llx%016llx",
                static_cast<unsigned long long>(generator()),
                static_cast<unsigned long long>(generator()));
  return buffer;
}

std::string allowed_methods(const std::vector<Method>& methods) {
  std::string out;
  for (Method m : methods) {
    if (!out.empty()) out += ", ";
    out += method_name(m);
  }
  return out;
}

}  // namespace

class Session;

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router, Metrics& metrics, Logger& logger)
      : options_(std::move(options)),
        router_(router),
        metrics_(metrics),
        logger_(logger),
        acceptor_(io_),
        signals_(io_),
        deadline_(io_) {}

  ~Impl() { destroying_ = true; }

  Status start();
  void wait();
  void shutdown() {
    net::post(io_, [this] { begin_drain(); });
  }
  uint16_t port() const { return bound_port_; }

  // Called by sessions.
  const ServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  Metrics& metrics() { return metrics_; }
  Logger& logger() { return logger_; }
  bool draining() const { return draining_.load(); }
  void register_session(uint64_t id, const std::shared_ptr<Session>& session);
  void unregister_session(uint64_t id);

 private:
  void accept();
  void begin_drain();
  void stop_when_idle();

  ServerOptions options_;
  const Router& router_;
  Metrics& metrics_;
  Logger& logger_;
  // Declared before io_: sessions still queued in io_ unregister themselves
  // while io_ is destroyed, so the registry must outlive it.
  std::mutex sessions_mutex_;
  std::unordered_map<uint64_t, std::weak_ptr<Session>> sessions_;  // guarded by sessions_mutex_
  std::atomic<bool> destroying_{false};
  net::io_context io_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::steady_timer deadline_;
  std::vector<std::thread> workers_;
  uint16_t bound_port_ = 0;
  std::atomic<bool> draining_{false};
  std::atomic<uint64_t> next_session_id_{1};

  friend class Session;
};

// One client connection. All its handlers run on its own strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  // The read buffer is bounded: headers must fit in it, and a body streams
  // through it into the parser instead of piling up.
  Session(tcp::socket&& socket, Server::Impl& server, uint64_t id)
      : stream_(std::move(socket)),
        buffer_(server.options().header_limit_bytes + kReadChunkBytes),
        server_(server),
        id_(id) {
    server_.metrics().connection_opened();
  }
  ~Session() {
    server_.metrics().connection_closed();
    server_.unregister_session(id_);
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

  // Runs on the strand: closes the connection if it is waiting, empty, for
  // a next request; a request already arriving is left to finish.
  void drain() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_ && self->buffer_.size() == 0) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        self->stream_.socket().close(ignored);
      }
    });
  }

 private:
  void read_header() {
    if (server_.draining() && buffer_.size() == 0) return close();
    busy_ = false;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options().header_limit_bytes));
    parser_->body_limit(server_.options().body_limit_bytes);
    stream_.expires_after(std::chrono::milliseconds(requests_served_ == 0
                                                        ? server_.options().header_timeout_ms
                                                        : server_.options().idle_timeout_ms));
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::bad_descriptor) {
      return close();
    }
    if (ec == beast::error::timeout && buffer_.size() == 0) return close();  // idle keep-alive
    begin_request();
    if (ec) return reject_on_read_error(ec);
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      return send_continue();
    }
    read_body();
  }

  void send_continue() {
    auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
    stream_.expires_after(std::chrono::milliseconds(server_.options().write_timeout_ms));
    http::async_write(stream_, *interim,
                      [self = shared_from_this(), interim](beast::error_code ec, size_t) {
                        if (ec) return self->close();
                        self->read_body();
                      });
  }

  void read_body() {
    stream_.expires_after(std::chrono::milliseconds(server_.options().body_timeout_ms));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->reject_on_read_error(ec);
                       self->dispatch_request();
                     });
  }

  void begin_request() {
    busy_ = true;
    started_ = SteadyClock::now();
    server_.metrics().request_started();
    // After a header error the message holds whatever was parsed before it.
    trace_id_ = make_trace_id(std::string_view(parser_->get()["x-request-id"]));
    method_ = to_method(parser_->get().method());
  }

  void reject_on_read_error(beast::error_code ec) {
    route_ = "(none)";
    if (ec == http::error::body_limit) {
      return respond(
          problem_response(413, "payload_too_large", "Content Too Large",
                           "the request body exceeds " +
                               std::to_string(server_.options().body_limit_bytes) + " bytes",
                           trace_id_),
          false);
    }
    if (ec == http::error::header_limit) {
      return respond(problem_response(431, "headers_too_large", "Request Header Fields Too Large",
                                      "the request headers are too large", trace_id_),
                     false);
    }
    if (ec == beast::error::timeout) {
      return respond(problem_response(408, "request_timeout", "Request Timeout",
                                      "the request did not arrive in time", trace_id_),
                     false);
    }
    if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted) {
      finish_request(0, 0);  // the client went away mid-request
      return close();
    }
    respond(problem_response(400, "malformed_request", "Bad Request",
                             std::string("the request is not valid HTTP/1.1: ") + ec.message(),
                             trace_id_),
            false);
  }

  void dispatch_request() {
    http::request<http::string_body> wire = parser_->release();
    HttpRequest request;
    request.method = method_;
    request.trace_id = trace_id_;
    const std::string_view target(wire.target().data(), wire.target().size());
    const size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos)
      request.query = std::string(target.substr(question + 1));
    for (const auto& field : wire) {
      std::string name(field.name_string().data(), field.name_string().size());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name),
                                   std::string(field.value().data(), field.value().size()));
    }
    request.body = std::move(wire.body());
    bytes_in_ = request.body.size();
    respond(route(request), wire.keep_alive());
  }

  HttpResponse route(HttpRequest& request) {
    const RouteMatch match = server_.router().match(request.method, request.path);
    if (match.kind == RouteMatch::Kind::kNotFound) {
      route_ = "(none)";
      return problem_response(404, "not_found", "Not Found", "no such route", trace_id_);
    }
    if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
      route_ = "(none)";
      HttpResponse response =
          problem_response(405, "method_not_allowed", "Method Not Allowed",
                           "allowed: " + allowed_methods(match.allowed), trace_id_);
      response.headers.emplace_back("Allow", allowed_methods(match.allowed));
      return response;
    }
    route_ = match.route->path_template;
    request.path_params = match.params;
    try {
      return match.route->handler(request);
    } catch (const std::exception& e) {
      server_.logger().write(LogLevel::kError, "handler_exception",
                             {{"trace_id", trace_id_}, {"route", route_}, {"what", e.what()}});
      return error_response(Error{ErrorCode::kInternal, ""}, trace_id_);
    }
  }

  void respond(HttpResponse response, bool keep_alive) {
    keep_alive = keep_alive && !server_.draining();
    auto wire = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), 11);
    wire->set(http::field::server, "smecredit");
    wire->set(http::field::content_type, response.content_type);
    wire->set("X-Request-Id", trace_id_);
    for (const auto& [name, value] : response.headers) wire->set(name, value);
    wire->body() = std::move(response.body);
    wire->keep_alive(keep_alive);
    wire->prepare_payload();
    status_ = response.status;
    stream_.expires_after(std::chrono::milliseconds(server_.options().write_timeout_ms));
    http::async_write(
        stream_, *wire,
        [self = shared_from_this(), wire, keep_alive](beast::error_code ec, size_t bytes_out) {
          self->finish_request(self->status_, bytes_out);
          if (ec || !keep_alive) return self->close();
          ++self->requests_served_;
          self->read_header();
        });
  }

  void finish_request(int status, size_t bytes_out) {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started_);
    server_.metrics().request_finished();
    busy_ = false;
    if (status == 0) return;  // nothing was answered
    const std::string_view method = method_name(method_);
    server_.metrics().record_request(route_, method, status, elapsed);
    server_.logger().write(LogLevel::kInfo, "request",
                           {{"trace_id", trace_id_},
                            {"method", method},
                            {"route", route_},
                            {"status", int64_t{status}},
                            {"duration_us", static_cast<int64_t>(elapsed.count())},
                            {"bytes_in", static_cast<int64_t>(bytes_in_)},
                            {"bytes_out", static_cast<int64_t>(bytes_out)}});
    bytes_in_ = 0;
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Server::Impl& server_;
  const uint64_t id_;
  bool busy_ = false;
  uint64_t requests_served_ = 0;
  SteadyClock::time_point started_;
  std::string trace_id_;
  std::string route_;
  Method method_ = Method::kOther;
  int status_ = 0;
  size_t bytes_in_ = 0;
};

void Server::Impl::register_session(uint64_t id, const std::shared_ptr<Session>& session) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.emplace(id, session);
}

void Server::Impl::unregister_session(uint64_t id) {
  bool now_idle = false;
  {
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(id);
    now_idle = sessions_.empty();
  }
  if (now_idle && draining_ && !destroying_) net::post(io_, [this] { stop_when_idle(); });
}

Status Server::Impl::start() {
  beast::error_code ec;
  const auto address = net::ip::make_address(options_.host, ec);
  if (ec) return Error{ErrorCode::kInvalidArgument, "not an IP address: " + options_.host};
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error{ErrorCode::kUnavailable, "cannot listen on " + options_.host + ":" +
                                              std::to_string(options_.port) + ": " + ec.message()};
  }
  bound_port_ = acceptor_.local_endpoint().port();
  if (options_.handle_signals) {
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.async_wait([this](beast::error_code error, int signal_number) {
      if (error) return;
      logger_.write(LogLevel::kInfo, "shutdown_requested", {{"signal", int64_t{signal_number}}});
      begin_drain();
    });
  }
  accept();
  const int threads = options_.threads > 0
                          ? options_.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { io_.run(); });
  return ok_status();
}

void Server::Impl::accept() {
  acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      size_t open_sessions = 0;
      {
        std::lock_guard lock(sessions_mutex_);
        open_sessions = sessions_.size();
      }
      if (open_sessions >= static_cast<size_t>(options_.max_connections) || draining_) {
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        const uint64_t id = next_session_id_++;
        auto session = std::make_shared<Session>(std::move(socket), *this, id);
        register_session(id, session);
        session->start();
      }
    }
    accept();
  });
}

void Server::Impl::begin_drain() {
  if (draining_.exchange(true)) return;
  beast::error_code ignored;
  acceptor_.close(ignored);
  signals_.cancel(ignored);
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(sessions_mutex_);
    for (auto& [id, weak] : sessions_) {
      if (auto session = weak.lock()) open.push_back(std::move(session));
    }
  }
  for (auto& session : open) session->drain();
  deadline_.expires_after(std::chrono::milliseconds(options_.shutdown_deadline_ms));
  deadline_.async_wait([this](beast::error_code ec) {
    if (ec) return;
    logger_.write(LogLevel::kWarn, "shutdown_deadline_passed", {});
    io_.stop();
  });
  stop_when_idle();
}

void Server::Impl::stop_when_idle() {
  std::lock_guard lock(sessions_mutex_);
  if (sessions_.empty()) io_.stop();
}

void Server::Impl::wait() {
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  workers_.clear();
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics, Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics, logger)) {}

Server::~Server() {
  impl_->shutdown();
  impl_->wait();
}

Status Server::start() {
  return impl_->start();
}
uint16_t Server::port() const {
  return impl_->port();
}
void Server::wait() {
  impl_->wait();
}
void Server::shutdown() {
  impl_->shutdown();
}

}  // namespace smecredit::api

// Server: HTTP/1.1 on Boost.Beast, a thread pool sized to the cores.
//
// Each connection reads a request's headers, then its body, with separate
// size limits (431 / 413 before the body is buffered) and timeouts; calls the
// matched route's handler; writes the response; and keeps the connection
// alive when the client asks. Every answer is counted in Metrics and logged
// as one JSON access-log line (trace id, method, route template, status,
// duration); raw paths and query strings are not logged.
//
// Graceful shutdown (shutdown(), or SIGINT/SIGTERM when handle_signals is
// set): stop accepting, close idle connections, let requests already being
// read or handled finish (answered with Connection: close), and stop when
// none remain or when shutdown_deadline_ms has passed.
//
// Thread-safety: start(), wait() from one controlling thread; shutdown() from
// any thread. The Router, Metrics and Logger are borrowed and must outlive
// the server.
//
// Example:
//   Server server(options, router, metrics, logger);
//   SC_RETURN_IF_ERROR(server.start());
//   server.wait();   // returns after a signal and a clean drain
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "api/log.h"
#include "api/metrics.h"
#include "api/router.h"
#include "core/result.h"

namespace smecredit::api {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port (see Server::port)
  int threads = 0;       // 0: one per core
  size_t header_limit_bytes = size_t{16} * 1024;
  size_t body_limit_bytes = size_t{1024} * 1024;
  int header_timeout_ms = 10'000;  // to receive a request's headers
  int body_timeout_ms = 30'000;    // to receive its body
  int idle_timeout_ms = 60'000;    // keep-alive wait for the next request
  int write_timeout_ms = 30'000;
  int shutdown_deadline_ms = 10'000;  // drain limit after SIGTERM
  int max_connections = 10'000;       // beyond this, new connections are closed at once
  bool handle_signals = false;        // install SIGINT/SIGTERM handlers
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics, Logger& logger);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the worker threads; returns once listening.
  Status start();
  // The bound port (useful when options.port was 0). Valid after start().
  uint16_t port() const;
  // Blocks until the server has shut down and every worker has exited.
  void wait();
  // Begins a graceful shutdown; idempotent.
  void shutdown();

  class Impl;  // opaque: keeps Boost.Beast out of this header

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace smecredit::api

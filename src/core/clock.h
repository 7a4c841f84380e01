// Clock: where an instant comes from.
//
// The core never reads the system clock; code that needs "now" takes a
// `const Clock&`. The edges (cli, api) pass a clock that reads the system
// time; tests and simulations pass a ManualClock and move it.
//
// Thread-safety: implementations must allow concurrent now() calls.
//
// Example:
//   ManualClock clock(Timestamp{std::chrono::seconds{1700000000}});
//   clock.advance(std::chrono::hours{24});
#pragma once

#include <atomic>

#include "core/date.h"

namespace smecredit {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : micros_(start.time_since_epoch().count()) {}
  Timestamp now() const override { return Timestamp{std::chrono::microseconds{micros_.load()}}; }
  void advance(std::chrono::microseconds delta) { micros_ += delta.count(); }
  void set(Timestamp instant) { micros_ = instant.time_since_epoch().count(); }

 private:
  std::atomic<int64_t> micros_;
};

}  // namespace smecredit

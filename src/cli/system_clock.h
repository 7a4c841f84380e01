// SystemClock: the real time, for the edges only (see core/clock.h).
#pragma once

#include <chrono>

#include "core/clock.h"

namespace smecredit::cli {

class SystemClock final : public Clock {
 public:
  Timestamp now() const override {
    return std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now());
  }
};

}  // namespace smecredit::cli

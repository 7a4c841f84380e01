// Prng: reproducible random draws for property tests.
//
// std::mt19937_64's output is fixed by the standard; the <random>
// distributions are not (they differ between standard libraries), so draws
// are reduced by hand and a seed gives the same cases everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>

namespace smecredit::testing {

class Prng {
 public:
  explicit Prng(uint64_t seed) : engine_(seed) {}

  // Uniform in [low, high] (the modulo bias is irrelevant at test sizes).
  int64_t between(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(engine_() % static_cast<uint64_t>(high - low + 1));
  }
  bool chance(int percent) { return between(1, 100) <= percent; }
  template <class T, size_t N>
  T pick(const T (&options)[N]) {
    return options[between(0, N - 1)];
  }
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace smecredit::testing

// Reproducible random draws for the synthetic world.
//
// The world must be byte-identical for a seed on every standard library, so
// nothing here uses <random> distributions (their algorithms are
// unspecified) or libm transcendental functions (their last bit may differ
// between libm versions). Draws use xoshiro256** seeded through splitmix64;
// normals are Irwin-Hall sums (twelve uniforms minus six: mean 0, variance
// 1, bounded by +-6); exp() is a range-reduced Taylor series built only from
// IEEE-exact operations (+, -, *, /, ldexp, floor).
//
// A stream is derived from (seed, purpose, index), so one enterprise's draws
// never depend on how many draws another enterprise made or on which thread
// generated it.
#pragma once

#include <cmath>
#include <cstdint>

namespace smecredit::world {

// splitmix64's finaliser: a bijective 64-bit mix.
constexpr uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The seed of the stream for `index` within `purpose` under the world seed.
constexpr uint64_t stream_seed(uint64_t world_seed, uint64_t purpose, uint64_t index) {
  return mix64(mix64(world_seed ^ mix64(purpose + 0x9E3779B97F4A7C15ULL)) + index);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t s = seed;
    for (uint64_t& word : state_) {
      s += 0x9E3779B97F4A7C15ULL;
      word = mix64(s);
    }
  }

  uint64_t next() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, n) for n > 0 (Lemire's multiply-shift; the bias is below
  // 2^-40 for the n used here).
  uint64_t below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
  // Uniform in [low, high].
  int64_t between(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(below(static_cast<uint64_t>(high - low + 1)));
  }
  // Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // True with probability `p`.
  bool chance(double p) { return unit() < p; }
  // Approximately standard normal (Irwin-Hall, twelve uniforms).
  double normal() {
    double sum = 0;
    for (int i = 0; i < 12; ++i) sum += unit();
    return sum - 6.0;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

// exp(x) for x clamped to [-40, 40], reproducible bit for bit everywhere.
inline double det_exp(double x) {
  constexpr double kLn2 = 0.6931471805599453;
  if (x > 40) x = 40;
  if (x < -40) x = -40;
  const double k = std::floor(x / kLn2 + 0.5);
  const double r = x - k * kLn2;
  double term = 1;
  double sum = 1;
  for (int i = 1; i <= 14; ++i) {
    term = term * r / i;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(k));
}

// 1 / (1 + e^-z).
inline double logistic(double z) {
  return 1.0 / (1.0 + det_exp(-z));
}

}  // namespace smecredit::world

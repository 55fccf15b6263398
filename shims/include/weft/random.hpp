// weft::random() and weft::random_engine: randomness the simulator controls.
//
// Simulated build: every execution's stream starts from a seed the strategy chooses and
// the replay token records, so a failure that needed particular random values replays
// with them. Pass-through build: real randomness (std::random_device-seeded, per thread).
// random_engine is a UniformRandomBitGenerator, for <random>'s distributions.
#pragma once

#include <cstdint>
#include <limits>

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/runtime.hpp>
#else
#include <random>
#endif

WEFT_BEGIN_NAMESPACE

#if WEFT_SIM
inline std::uint64_t random() { return detail::random_value(); }
#else
inline std::uint64_t random() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine();
}
#endif

class random_engine {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }
  result_type operator()() { return weft::random(); }
};

WEFT_END_NAMESPACE

// Deterministic pseudo-random numbers for strategies: xoshiro256** seeded by splitmix64
// (Blackman & Vigna). Fast, small, and identical on every platform, which replay needs.
#pragma once

#include <cstdint>

namespace weft::inline sim_v1::detail {

// SplitMix64's finalizer: every bit of `z` moves every bit of the result.
inline std::uint64_t splitmix64_mix(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline std::uint64_t splitmix64(std::uint64_t& state) noexcept { return splitmix64_mix(state += 0x9e3779b97f4a7c15ULL); }

class prng {
 public:
  explicit prng(std::uint64_t seed = 0) noexcept { reseed(seed); }

  void reseed(std::uint64_t seed) noexcept {
    for (auto& word : s_) word = splitmix64(seed);
  }

  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, bound), bound > 0 (Lemire's multiply-shift; the bias is below 2^-32
  // for the small bounds strategies use).
  std::uint64_t below(std::uint64_t bound) noexcept {
    __extension__ using wide = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<wide>(next()) * bound) >> 64);
  }

  // True with probability 1/n.
  bool one_in(std::uint64_t n) noexcept { return below(n) == 0; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// The seed of execution `index` of an exploration that started from `seed`.
inline std::uint64_t execution_seed(std::uint64_t seed, std::uint64_t index) noexcept {
  std::uint64_t state = seed ^ (index * 0xd1b54a32d192ed03ULL);
  return splitmix64(state);
}

}  // namespace weft::detail

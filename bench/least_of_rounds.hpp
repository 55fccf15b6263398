// Timing a measurement at several sizes on a shared machine: each size measured once per
// round, the sizes taken in turn, and the least of the rounds kept for each, so that a
// round disturbed by the machine (other load, the CPU's clock changing) shows as an
// outlier, not as a trend across the sizes.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

namespace weft_bench {

// measure(size) -> double, smaller is better (a time); called rounds x N times.
template <std::size_t N, typename Measure>
std::array<double, N> least_of_rounds(const int (&sizes)[N], int rounds, Measure measure) {
  std::array<double, N> best;
  best.fill(1e300);
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < N; ++i) best[i] = std::min(best[i], measure(sizes[i]));
  }
  return best;
}

}  // namespace weft_bench

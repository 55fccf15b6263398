// Vector clocks (Lamport 1978; Mattern 1989): one counter per simulated thread.
//
// A clock C of thread t at some moment says, for every thread u, how many of u's steps
// happen before that moment: event e of u (at u's counter value k) happens before it iff
// k <= C[u]. Clocks grow on demand; a missing entry is 0.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail {

class vector_clock {
 public:
  std::uint32_t operator[](thread_index t) const noexcept { return t < ticks_.size() ? ticks_[t] : 0; }

  // Every entry the larger of the two.
  void join(const vector_clock& other) {
    if (ticks_.size() < other.ticks_.size()) ticks_.resize(other.ticks_.size(), 0);
    for (std::size_t i = 0; i < other.ticks_.size(); ++i) ticks_[i] = std::max(ticks_[i], other.ticks_[i]);
  }
  void tick(thread_index t) {
    if (ticks_.size() <= t) ticks_.resize(t + 1, 0);
    ++ticks_[t];
  }
  void clear() noexcept { ticks_.clear(); }
  bool empty() const noexcept { return ticks_.empty(); }

 private:
  std::vector<std::uint32_t> ticks_;
};

// One moment of one thread: enough to ask whether it happens before a clock.
struct epoch {
  thread_index thread = no_thread;
  std::uint32_t tick = 0;
  bool happens_before(const vector_clock& later) const noexcept { return tick <= later[thread]; }
};

}  // namespace weft::detail

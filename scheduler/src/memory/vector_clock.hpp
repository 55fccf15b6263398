// Vector clocks (Lamport 1978; Mattern 1989): one counter per simulated thread.
//
// A clock C of thread t at some moment says, for every thread u, how many of u's steps
// happen before that moment: event e of u (at u's counter value k) happens before it iff
// k <= C[u]. A missing entry is 0. The first `inline_threads` entries live in the clock
// itself and are joined in one vectorizable loop: every event of every execution joins
// clocks, and most bodies have a handful of threads.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail {

class vector_clock {
 public:
  static constexpr std::size_t inline_threads = 8;

  std::uint32_t operator[](thread_index t) const noexcept {
    if (t < inline_threads) return near_[t];
    return t - inline_threads < far_.size() ? far_[t - inline_threads] : 0;
  }

  // Every entry the larger of the two.
  void join(const vector_clock& other) {
    for (std::size_t i = 0; i < other.width_; ++i) near_[i] = std::max(near_[i], other.near_[i]);
    width_ = std::max(width_, other.width_);
    if (!other.far_.empty()) [[unlikely]] join_far(other);
  }
  void tick(thread_index t) {
    if (t < inline_threads) {
      ++near_[t];
      width_ = std::max(width_, static_cast<std::uint32_t>(t + 1));
    } else {
      width_ = inline_threads;
      if (far_.size() <= t - inline_threads) far_.resize(t - inline_threads + 1, 0);
      ++far_[t - inline_threads];
    }
  }
  // Sets t's entry to `tick` if it is still 0: the first moment of t it records.
  void set_once(thread_index t, std::uint32_t tick) {
    if ((*this)[t] != 0) return;
    if (t < inline_threads) {
      near_[t] = tick;
      width_ = std::max(width_, static_cast<std::uint32_t>(t + 1));
    } else {
      width_ = inline_threads;
      if (far_.size() <= t - inline_threads) far_.resize(t - inline_threads + 1, 0);
      far_[t - inline_threads] = tick;
    }
  }
  // Whether some moment this clock records (a non-zero entry) happens before `later`.
  bool any_happens_before(const vector_clock& later) const noexcept {
    for (std::uint32_t i = 0; i < width_; ++i) {
      if (near_[i] != 0 && near_[i] <= later.near_[i]) return true;
    }
    for (std::size_t i = 0; i < far_.size(); ++i) {
      if (far_[i] != 0 && far_[i] <= later[static_cast<thread_index>(i + inline_threads)]) return true;
    }
    return false;
  }
  // All zero, keeping the storage: executions reuse their clocks.
  void clear() noexcept {
    near_.fill(0);
    width_ = 0;
    std::fill(far_.begin(), far_.end(), 0);
  }
  // Becomes a copy of `other`, reusing the storage.
  void assign(const vector_clock& other) {
    near_ = other.near_;
    width_ = other.width_;
    if (far_.size() < other.far_.size()) far_.resize(other.far_.size(), 0);
    std::copy(other.far_.begin(), other.far_.end(), far_.begin());
    std::fill(far_.begin() + static_cast<std::ptrdiff_t>(other.far_.size()), far_.end(), 0);
  }

 private:
  void join_far(const vector_clock& other) {
    if (far_.size() < other.far_.size()) far_.resize(other.far_.size(), 0);
    for (std::size_t i = 0; i < other.far_.size(); ++i) far_[i] = std::max(far_[i], other.far_[i]);
  }

  std::array<std::uint32_t, inline_threads> near_{};
  std::uint32_t width_ = 0;  // near_ entries past it are 0
  std::vector<std::uint32_t> far_;
};

// One moment of one thread: enough to ask whether it happens before a clock.
struct epoch {
  thread_index thread = no_thread;
  std::uint32_t tick = 0;
  bool happens_before(const vector_clock& later) const noexcept { return tick <= later[thread]; }
};

}  // namespace weft::detail

// The right to run, handed from one OS thread to exactly one other.
//
// Each context of the OS-thread backend owns a baton and parks on it; a switch gives the
// next context's baton and takes its own. Only the owner takes; at most one thread gives
// at a time (the one running), so one word suffices. A giver makes the futex wake-up call
// only when the owner sleeps. (Spinning before sleeping was measured: no faster on this
// 2-core machine, and it burns the core the running thread could use.)
#pragma once

#include <atomic>
#include <cstdint>

#include "os_thread/real_calls.hpp"

namespace weft::inline sim_v1::detail {

class baton {
 public:
  // Wakes the owner (or lets its next take() return at once). Everything the giver did
  // before happens before what the owner does after take().
  void give() noexcept {
    if (state_.exchange(given, std::memory_order_release) == sleeping) real::futex_wake(state_, 1);
  }
  // Parks the calling thread, the owner, until the baton is given.
  void take() noexcept {
    for (;;) {
      std::uint32_t seen = state_.load(std::memory_order_acquire);
      if (seen == given) {
        state_.store(empty, std::memory_order_relaxed);
        return;
      }
      if (seen == empty && !state_.compare_exchange_weak(seen, sleeping, std::memory_order_acquire)) continue;
      real::futex_wait(state_, sleeping);
    }
  }

 private:
  static constexpr std::uint32_t empty = 0;
  static constexpr std::uint32_t given = 1;
  static constexpr std::uint32_t sleeping = 2;  // the owner is (about to be) in futex_wait
  std::atomic<std::uint32_t> state_{empty};
};

}  // namespace weft::detail

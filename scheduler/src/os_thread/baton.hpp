// The right to run, handed from one OS thread to exactly one other.
//
// Each context of the OS-thread backend owns a baton and parks on it; a switch gives the
// next context's baton and takes its own. Only the owner takes; at most one thread gives
// at a time (the one running), so one word suffices. The owner spins briefly before it
// sleeps on the futex, and a giver makes the wake-up call only when the owner sleeps:
// simulated threads often hand the baton straight back, and waking a sleeping thread on
// an idle core cost about 7 us a switch here where a caught spin costs about 0.3 us
// (bench/README.md). The spin is short enough that a thread that is not called back soon
// leaves the core to the running one.
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
    for (int spin = 0; spin < spins; ++spin) {
      if (state_.load(std::memory_order_acquire) == given) {
        state_.store(empty, std::memory_order_relaxed);
        return;
      }
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
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
  static constexpr int spins = 200;  // pause instructions: a few microseconds
  std::atomic<std::uint32_t> state_{empty};
};

}  // namespace weft::detail

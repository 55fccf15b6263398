// How far the executions on one OS thread have come, for a watchdog on another thread.
//
// weft sees a simulated thread only at its scheduling points. The watchdog
// (api/watchdog.hpp) catches a thread that stopped reaching them (blocked in something
// weft does not control, or looping without a point) by watching `beats`, which every
// scheduling point advances. Only the OS thread running the executions writes it.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

namespace weft::inline sim_v1::detail {

class execution;

struct progress_beacon {
  // Advanced at every scheduling point (one writer: a relaxed load and store, no lock).
  std::atomic<std::uint64_t> beats{0};
  // Held while `running` changes, and by the watchdog while it reads that execution, so
  // the execution cannot end under it.
  std::mutex guard;
  const execution* running = nullptr;  // under `guard`
  int os_thread = 0;                   // the kernel's id of the OS thread running them

  void beat() noexcept { beats.store(beats.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }
};

// The beacon that executions on this OS thread report to; nullptr when none watches.
progress_beacon*& this_thread_beacon() noexcept;

}  // namespace weft::inline sim_v1::detail

// Which execution an OS thread runs, for a watchdog on another thread.
//
// weft sees a simulated thread only at its scheduling points. The watchdog
// (api/watchdog.hpp) catches a thread that stopped reaching them (blocked in something
// weft does not control, or looping without a point) by sampling the running
// execution's progress counter (execution::progress()), which every scheduling point
// advances.
#pragma once

#include <atomic>
#include <mutex>

namespace weft::inline sim_v1::detail {

class execution;

struct progress_beacon {
  // Set by execution::run() for as long as it runs; null between runs.
  std::atomic<const execution*> running{nullptr};
  // Held by the watchdog while it reads `running`, and by an execution's destructor, so
  // that an execution the watchdog reads cannot be destroyed under it.
  std::mutex guard;
  int os_thread = 0;  // the kernel's id of the OS thread running the executions
};

// The beacon that executions on this OS thread report to; nullptr when none watches.
progress_beacon*& this_thread_beacon() noexcept;

}  // namespace weft::inline sim_v1::detail

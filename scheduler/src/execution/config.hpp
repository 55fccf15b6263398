// What an execution is told to do besides running the body: the options it reads from
// weft::options, as the exploration passes them on.
#pragma once

#include <cstdint>

#include "memory/atomic_memory.hpp"

namespace weft::inline sim_v1::detail {

struct execution_config {
  std::uint64_t max_steps = 100000;
  bool spurious_wakeups = true;
  bool early_timeouts = true;
  bool check_lock_across_blocking = false;
  std::uint64_t max_cancellations = 1;
  bool cancel_jthreads = false;
  bool buggify = true;
  // How atomics behave when tracked: c11 or sc.
  memory_mode memory = memory_mode::c11;
  // Runs untracked (cheaper: no happens-before, no store histories) until a
  // weft::shared<T> access or an atomic operation or fence weaker than seq_cst shows
  // that tracking can matter (tracking_started()); from then on every run is tracked.
  // An untracked run that never meets one is the run a tracked one would have been:
  // seq_cst alone offers no choice of store, and there is nothing to race on.
  bool track_lazily = false;
  std::uint32_t store_history = 8;
  bool cancel_tasks = false;
  bool check_lock_across_await = true;
};

}  // namespace weft::detail

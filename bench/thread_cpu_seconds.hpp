// The CPU time of the calling OS thread, which runs every simulated thread of an
// execution on the fiber backend (the default; with WEFT_THREADS=os_threads the threads
// run on OS threads of their own and this would miss their time): on a shared machine it leaves out the time the thread waited for a CPU (other
// load, a virtual machine's stolen time), which a wall clock counts and which made the
// same measurement vary by half from one run to the next.
#pragma once

#include <time.h>

namespace weft_bench {

inline double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace weft_bench

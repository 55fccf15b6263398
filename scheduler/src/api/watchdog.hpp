// A wall-clock watchdog over the executions of one exploration.
//
// weft controls a simulated thread only at its scheduling points. A thread that blocks
// in something weft does not replace (a std::mutex, std::future::get, I/O) or runs
// without reaching a point (an infinite loop, a spin on a plain bool) would hang the
// exploration without a word. While a stall_guard lives, a watchdog thread checks that
// the executions on the guard's OS thread keep reaching scheduling points; after
// `seconds` without one it prints what it knows (the thread, whether it is blocked in the
// kernel or running, its last weft operation, a failure found earlier, the replay token)
// and ends the process with status 124, as timeout(1) does: the stuck thread can be
// neither resumed nor unwound.
#pragma once

#include <string>

namespace weft::inline sim_v1::detail {

struct stall_watch;

class stall_guard {
 public:
  // Watches the executions this OS thread runs from now on; seconds <= 0 watches nothing.
  // Guards do not nest: an inner one (a replay inside an exploration) leaves the outer
  // one in charge.
  explicit stall_guard(double seconds);
  ~stall_guard();
  stall_guard(const stall_guard&) = delete;
  stall_guard& operator=(const stall_guard&) = delete;

  // A failure found before any later execution stalls (while minimizing or replaying
  // it): printed with its token if one does, so that it is never lost.
  void found(std::string summary);

 private:
  stall_watch* watch_ = nullptr;  // null when this guard watches nothing
};

}  // namespace weft::inline sim_v1::detail

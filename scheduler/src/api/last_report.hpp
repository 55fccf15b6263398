// Which worker process says the report that ends it (options::workers).
//
// A crash or a stall ends the process that meets it with a report written straight to
// stderr (crash_guard, the watchdog), since nothing else can be trusted to run then. The
// workers of one exploration run beside one another, and a bug that crashes or stalls is
// usually met by several of them before the parent stops the rest: each said its report,
// the same bug once per worker. They now share one word: the first worker to claim it
// says its report, and the others end silently, as they would have. The parent waits for
// the claimant (it may be writing its report while the others end) and ends as it did.
// A process that is no worker always says its own. A sanitizer's own report (ASan's)
// comes before the claim and is still said by each worker that meets it. A worker keeps
// a claim it made for a crash the program's own signal handler then recovered from, and
// the others' later reports are not said.
#pragma once

#include <sys/types.h>

#include <atomic>

namespace weft::inline sim_v1::detail {

// The word one exploration's workers share: made by the parent before it forks them.
class shared_report_claim {
 public:
  // Maps the word. Without it (the system refused the mapping) every worker says its own
  // report, as a process alone does.
  shared_report_claim() noexcept;
  ~shared_report_claim();
  shared_report_claim(const shared_report_claim&) = delete;
  shared_report_claim& operator=(const shared_report_claim&) = delete;

  // Called in a worker just forked: its reports claim this word from now on.
  void enter_in_worker() const noexcept;
  // The process id of the worker that claimed the report, or 0 if none has.
  pid_t claimant() const noexcept;

 private:
  std::atomic<pid_t>* word_ = nullptr;
};

// Whether this process says the report that is to end it: false in a worker if another
// worker of its exploration claimed it first. Async-signal-safe (a signal handler asks).
bool claim_last_report() noexcept;

}  // namespace weft::inline sim_v1::detail

// Which process says the report that ends it: with worker processes (options::workers),
// the first to end with one of its own.
//
// A crash or a stall ends the process that meets it with a report written straight to
// stderr (crash_guard, the watchdog), since nothing else can be trusted to run. The
// workers of one exploration run beside one another, and a bug that crashes or stalls
// is usually met by several of them before the parent stops the rest: each said its
// report, the same bug once per worker. They now share one word; the first to claim it
// says its report, the others end as they would have, silently. One process alone, as
// one process of workers ended at its first report, always may.
#pragma once

namespace weft::inline sim_v1::detail {

// Shares the claim with the worker processes forked while it lives (a shared mapping,
// made before the forks). Without the mapping (the system refused it), every worker says
// its own report, as before.
class shared_report_claim {
 public:
  shared_report_claim() noexcept;
  ~shared_report_claim();
  shared_report_claim(const shared_report_claim&) = delete;
  shared_report_claim& operator=(const shared_report_claim&) = delete;
};

// Whether this process says the report that is to end it: false if another worker of
// the same exploration has claimed it. Async-signal-safe (a signal handler asks).
bool claim_last_report() noexcept;

}  // namespace weft::inline sim_v1::detail

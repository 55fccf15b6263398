// Two processes that run `work` as the workers of one exploration do: forked together,
// sharing one claim to the report that ends them (api/last_report.hpp).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include "api/last_report.hpp"

namespace weft_test {

// Runs `work` in two forked children that entered one shared claim, and waits for both.
// Returns the wait status of the one that ended last.
template <class Work>
int run_as_two_workers(Work work) {
  const weft::detail::shared_report_claim shared;
  pid_t workers[2];
  for (pid_t& worker : workers) {
    worker = ::fork();
    if (worker == 0) {
      shared.enter_in_worker();
      work();
      ::_exit(0);
    }
  }
  int status = 0;
  for (const pid_t worker : workers) ::waitpid(worker, &status, 0);
  return status;
}

}  // namespace weft_test

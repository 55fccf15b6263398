// The claim to say the report that ends a process: always this process's alone, and
// exactly one process's among those forked while a shared claim lives (the workers of an
// exploration, each of which may meet the same crash).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

#include "api/last_report.hpp"

using weft::detail::claim_last_report;
using weft::detail::shared_report_claim;

namespace {

// How many of `count` processes forked now, each entering `claim` as a worker (if given)
// and claiming once, got the claim.
int claims_of_forked_processes(int count, const shared_report_claim* claim) {
  std::vector<pid_t> forked;
  for (int i = 0; i < count; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (claim != nullptr) claim->enter_in_worker();
      ::_exit(claim_last_report() ? 1 : 0);
    }
    forked.push_back(pid);
  }
  int claimed = 0;
  for (const pid_t pid : forked) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    claimed += WIFEXITED(status) ? WEXITSTATUS(status) : 0;
  }
  return claimed;
}

}  // namespace

TEST(LastReport, AProcessThatIsNoWorkerAlwaysSaysItsOwn) {
  EXPECT_TRUE(claim_last_report());
  EXPECT_TRUE(claim_last_report());
  EXPECT_EQ(claims_of_forked_processes(3, nullptr), 3);
}

TEST(LastReport, OneOfTheWorkersSaysIt) {
  const shared_report_claim shared;
  EXPECT_EQ(shared.claimant(), 0);
  EXPECT_EQ(claims_of_forked_processes(3, &shared), 1);
  EXPECT_NE(shared.claimant(), 0);
  EXPECT_NE(shared.claimant(), ::getpid());
  EXPECT_TRUE(claim_last_report()) << "the parent, no worker, says its own";
}

// The work-stealing deque: weft finds the owner's unguarded claim of the last task from
// scratch, the token replays it, and the compare-exchange passes.
#include "expect_example.hpp"
#include "work_stealing/scenarios.hpp"

TEST(WorkStealingExample, StealRacingTheLastPopIsFoundFromScratch) {
  example::expect_found_from_scratch(example::steal_races_last_pop());
}

TEST(WorkStealingExample, CompareExchangeOnTheLastTaskRunsEveryTaskOnce) {
  example::expect_right_version_passes(example::steal_races_last_pop());
}

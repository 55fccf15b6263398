// The work-stealing deque: weft finds take() without its seq_cst fence from scratch, the
// token replays it, and the deque with the fence passes.
#include "expect_example.hpp"
#include "work_stealing/scenarios.hpp"

TEST(WorkStealingExample, TakeWithoutItsFenceIsFoundFromScratch) {
  example::expect_found_from_scratch(example::steal_races_take_without_fence());
}

TEST(WorkStealingExample, TheFenceInTakeRunsEveryTaskOnce) {
  example::expect_right_version_passes(example::steal_races_take_without_fence());
}

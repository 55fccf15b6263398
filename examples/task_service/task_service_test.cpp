// Background task lifecycle: weft finds both broken shutdowns from scratch (the lost
// failure through an early timeout of the grace period), the tokens replay them, and the
// shutdown that joins before it logs passes.
#include "expect_example.hpp"
#include "task_service/scenarios.hpp"

TEST(TaskServiceExample, AFailureAfterTheGracePeriodIsLostAndFoundFromScratch) {
  const example::example_case c = example::task_failure_lost();
  weft::options on_time_only = c.options("random", 1, 10 * c.budget);
  on_time_only.early_timeouts = false;
  EXPECT_FALSE(weft::explore(on_time_only, c.wrong).failed()) << "in virtual time every task stops within the grace";
  example::expect_found_from_scratch(c);
}

TEST(TaskServiceExample, ShutdownReturningBeforeALateTaskStartedIsFoundFromScratch) {
  example::expect_found_from_scratch(example::shutdown_returns_early());
}

TEST(TaskServiceExample, JoiningBeforeLoggingKeepsBothPromises) {
  example::expect_right_version_passes(example::task_failure_lost());
}

// Fan-out / fan-in: weft finds the gatherer that counts jobs as done when taken, from
// scratch for several seeds; the token replays it; counting on store passes.
#include "expect_example.hpp"
#include "fan_out/scenarios.hpp"

TEST(FanOutExample, GatheringBeforeTheLastJobFinishesIsFoundFromScratch) {
  example::expect_found_from_scratch(example::gathered_before_last_job());
}

TEST(FanOutExample, CountingAJobWhenItsResultIsStoredGathersEveryResult) {
  example::expect_right_version_passes(example::gathered_before_last_job());
}

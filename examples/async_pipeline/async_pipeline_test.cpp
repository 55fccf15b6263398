// The async pipeline example: weft finds the items lost by cancelling the stages from
// scratch for several seeds and strategies, the token replays it, and stopping only the
// source passes ten times as many schedules.
#include "async_pipeline/scenarios.hpp"
#include "expect_example.hpp"

TEST(AsyncPipelineExample, CancellingEveryStageLosesAnItemAndIsFoundFromScratch) {
  for (const char* strategy : {"random", "pct", "pos"}) {
    SCOPED_TRACE(strategy);
    example::expect_found_from_scratch(example::stages_cancelled_mid_flight(), 5, strategy);
  }
}

TEST(AsyncPipelineExample, StoppingOnlyTheSourceDeliversEverythingProduced) {
  example::expect_right_version_passes(example::stages_cancelled_mid_flight());
}

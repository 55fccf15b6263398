// The pipeline example: weft finds the careless shutdown from scratch for several seeds,
// the token replays it, and the draining shutdown passes ten times as many schedules.
#include "expect_example.hpp"
#include "pipeline/scenarios.hpp"

TEST(PipelineExample, CarelessShutdownLosesAnItemAndIsFoundFromScratch) {
  example::expect_found_from_scratch(example::careless_pipeline_shutdown());
}

TEST(PipelineExample, DrainingShutdownDeliversEverythingProduced) {
  example::expect_right_version_passes(example::careless_pipeline_shutdown());
}

// The pipeline example: weft finds the careless shutdown from scratch for several seeds,
// the token replays it, and the draining shutdown passes ten times as many schedules.
#include <gtest/gtest.h>

#include <stop_token>

#include <weft/cancellation.hpp>
#include <weft/explore.hpp>
#include <weft/assert.hpp>

#include "pipeline.hpp"

namespace {

// Five items; shutdown may be requested at any moment (an injected cancellation).
void shut_down_at_any_moment(example::stage_style style) {
  std::stop_source stop;
  weft::cancellable(stop);
  const example::pipeline_result r = example::run_pipeline(5, stop.get_token(), style);
  WEFT_ASSERT(r.delivered == r.produced, "an item that was produced was never delivered");
}

void careless() { shut_down_at_any_moment(example::stage_style::careless); }
void draining() { shut_down_at_any_moment(example::stage_style::drains); }

constexpr std::uint64_t budget = 2000;  // schedules within which the bug must be found

weft::options exploring(std::uint64_t iterations, std::uint64_t seed) {
  weft::options opt;
  opt.iterations = iterations;
  opt.seed = seed;
  opt.max_cancellations = 1;
  return opt;
}

}  // namespace

TEST(PipelineExample, CarelessShutdownLosesAnItemAndIsFoundFromScratch) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const weft::report r = weft::explore(exploring(budget, seed), careless);
    ASSERT_EQ(r.kind(), weft::failure_kind::assertion) << "seed " << seed << "\n" << r;
    EXPECT_LE(r.executions(), budget);
    const weft::report again = weft::replay(r.replay_token(), careless);
    EXPECT_EQ(again.kind(), weft::failure_kind::assertion) << again;
    EXPECT_EQ(again.message(), r.message());
  }
}

TEST(PipelineExample, DrainingShutdownDeliversEverythingProduced) {
  const weft::report r = weft::explore(exploring(10 * budget, 1), draining);
  EXPECT_FALSE(r.failed()) << r;
}

// The account actor: weft finds the shared reply channel through an early timeout, from
// scratch for several seeds; the token replays it; per-request reply channels pass.
#include "actor/scenarios.hpp"
#include "expect_example.hpp"

TEST(ActorExample, SharedReplyChannelIsFoundOnlyThroughAnEarlyTimeout) {
  const example::example_case c = example::shared_reply_channel();
  weft::options on_time_only = c.options("random", 1, 10 * c.budget);
  on_time_only.early_timeouts = false;
  EXPECT_FALSE(weft::explore(on_time_only, c.wrong).failed()) << "on virtual time alone every reply is in time";
  example::expect_found_from_scratch(c);
}

TEST(ActorExample, OneReplyChannelPerRequestKeepsTheClientRight) {
  example::expect_right_version_passes(example::shared_reply_channel());
}

// The async account example: weft reports the mutex held across a co_await from scratch
// under every strategy, the token replays it, and the account that releases the mutex
// before awaiting passes ten times as many schedules.
#include "async_actor/scenarios.hpp"
#include "expect_example.hpp"

TEST(AsyncActorExample, AMutexHeldAcrossACoAwaitIsFoundFromScratch) {
  for (const char* strategy : {"random", "pct", "pos"}) {
    SCOPED_TRACE(strategy);
    example::expect_found_from_scratch(example::lock_held_across_co_await(), 5, strategy);
  }
}

TEST(AsyncActorExample, ReleasingTheMutexBeforeAwaitingPasses) {
  example::expect_right_version_passes(example::lock_held_across_co_await());
}

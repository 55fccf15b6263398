// Lock hygiene: the cache that holds its mutex across the slow call is caught by the
// lock-across-blocking check and, without it, by the deadlock the dependency's callback
// causes; the cache that calls outside the lock passes both ways.
#include "cache/scenarios.hpp"
#include "expect_example.hpp"

TEST(CacheExample, LockAcrossTheSlowCallIsReportedByTheCheck) {
  const example::example_case c = example::lock_held_across_slow_call();
  example::expect_found_from_scratch(c);
  const weft::report r = weft::explore(c.options("random", 1, c.budget), c.wrong);
  ASSERT_EQ(r.kind(), weft::failure_kind::lock_across_blocking) << r;
  EXPECT_NE(r.message().find("quote_cache.hpp"), std::string::npos) << "the message names the lock's line\n" << r;
}

TEST(CacheExample, CallbackIntoTheCacheDeadlocksWhenTheLockIsHeld) {
  example::expect_found_from_scratch(example::dependency_calls_back_into_cache());
}

TEST(CacheExample, CallingOutsideTheLockPasses) {
  example::expect_right_version_passes(example::lock_held_across_slow_call());
  example::expect_right_version_passes(example::dependency_calls_back_into_cache());
}

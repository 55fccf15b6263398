// The three checks every example's test makes (GoogleTest): the wrong version is found
// from scratch within the stated budget for several seeds, its token replays the same
// failure, and the right version passes ten times the budget.
#pragma once

#include <gtest/gtest.h>

#include "example_case.hpp"

namespace example {

inline void expect_found_from_scratch(const example_case& c, std::uint64_t seeds = 5,
                                      const std::string& strategy = "random") {
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    const weft::report found = weft::explore(c.options(strategy, seed, c.budget), c.wrong);
    ASSERT_EQ(found.kind(), c.kind) << c.example << ": " << c.bug << ", seed " << seed << "\n" << found;
    EXPECT_LE(found.executions(), c.budget);

    const weft::report again = weft::replay(found.replay_token(), c.wrong);
    EXPECT_EQ(again.kind(), found.kind()) << again;
    EXPECT_EQ(again.message(), found.message());
    EXPECT_EQ(again.location().line, found.location().line);
  }
}

inline void expect_right_version_passes(const example_case& c, const std::string& strategy = "random") {
  const weft::report r = weft::explore(c.options(strategy, 1, 10 * c.budget), c.right);
  EXPECT_FALSE(r.failed()) << c.example << ": the right version failed\n" << r;
  EXPECT_EQ(r.executions(), 10 * c.budget);
}

}  // namespace example

// The check the tests of every sampling strategy share.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

namespace weft_test {

// For seeds 1-5: `strategy` finds the lost update within 2,000 executions, the report
// names the strategy, the schedule shown deviates no more than the one found, and its
// token replays the same failure.
inline void expect_found_minimized_and_replayed(const std::string& strategy) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const weft::report found = weft::explore(options_for(2000, strategy, seed), lost_update);
    ASSERT_EQ(found.kind(), weft::failure_kind::assertion) << strategy << ", seed " << seed << "\n" << found;
    EXPECT_LE(found.deviations(), found.found_deviations()) << found;
    EXPECT_EQ(found.strategy().rfind(strategy, 0), 0u) << found.strategy();
    const weft::report again = weft::replay(found.replay_token(), lost_update);
    EXPECT_EQ(again.kind(), weft::failure_kind::assertion) << again;
    EXPECT_EQ(again.message(), found.message());
  }
}

}  // namespace weft_test

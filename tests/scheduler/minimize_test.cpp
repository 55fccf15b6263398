// Failing schedules are shrunk before they are reported, and the shrunk token replays.
#include <gtest/gtest.h>

#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;

namespace {

// A lost update between two threads, among three threads doing unrelated work: a random
// walk finds it with many switches that have nothing to do with the bug.
void lost_update_in_a_crowd() {
  weft::atomic<int> counter{0};
  weft::atomic<int> noise[3] = {0, 0, 0};
  std::vector<weft::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < 6; ++n) noise[i].fetch_add(1);
    });
  }
  for (int i = 0; i < 2; ++i) threads.emplace_back([&] { counter.store(counter.load() + 1); });
  for (auto& t : threads) t.join();
  WEFT_ASSERT(counter.load() == 2, "lost update");
}

}  // namespace

TEST(Minimize, ShrinksTheScheduleKeepsTheFailureAndReplays) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const weft::report r = weft::explore(weft_test::options_for(2000, "random", seed), lost_update_in_a_crowd);
    ASSERT_EQ(r.kind(), failure_kind::assertion) << r;
    EXPECT_LT(r.deviations(), r.found_deviations()) << r;
    EXPECT_LE(r.deviations(), 5u) << r;  // found with ~20; a handful are needed
    const weft::report again = weft::replay(r.replay_token(), lost_update_in_a_crowd);
    EXPECT_EQ(again.kind(), failure_kind::assertion) << again;
    EXPECT_EQ(again.location().line, r.location().line);
  }
}

TEST(Minimize, CanBeTurnedOff) {
  weft::options opt = weft_test::options_for(2000);
  opt.minimize_seconds = 0;
  const weft::report r = weft::explore(opt, lost_update_in_a_crowd);
  ASSERT_EQ(r.kind(), failure_kind::assertion);
  EXPECT_EQ(r.deviations(), r.found_deviations());
}

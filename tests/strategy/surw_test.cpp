// surw (selectively uniform random walk): deterministic from its seed, replayable,
// minimized, sharded like every strategy, and it does what it is for: a thread with few
// events left is not starved of the late positions a plain random walk almost never
// gives it.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>

#include <weft/weft.hpp>

#include "found_and_replayed.hpp"
#include "support.hpp"
#include "the_work_steal_queue.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

// One thread stores once; the other stores nine times to the same atomic. Returns how
// many of `executions` ended with the single store last.
std::uint64_t single_store_last(const std::string& strategy, std::uint64_t executions) {
  std::uint64_t last = 0;
  weft::options opt = options_for(executions, strategy);
  opt.check_determinism = false;
  const weft::report r = weft::explore(opt, [&] {
    weft::atomic<int> x{0};
    weft::thread once([&] { x.store(1); });
    weft::thread many([&] {
      for (int i = 0; i < 9; ++i) x.store(2);
    });
    once.join();
    many.join();
    if (x.load() == 1) ++last;
  });
  EXPECT_FALSE(r.failed()) << r;
  return last;
}

}  // namespace

TEST(Surw, WeightsThreadsByTheEventsTheyHaveLeft) {
  const std::uint64_t random_walk = single_store_last("random", 2000);
  const std::uint64_t uniform = single_store_last("surw", 2000);
  // A random walk puts the single store last only if the other thread wins nine coin
  // flips first (about 1 in 500); weighting by events left makes it about 1 in 10 when
  // the atomic's events are counted, which each execution draws with even odds.
  EXPECT_LT(random_walk, 20u);
  EXPECT_GT(uniform, 3 * random_walk + 40) << "random " << random_walk << ", surw " << uniform;
}

TEST(Surw, AFailureReplaysFromItsTokenAndIsMinimized) {
  weft_test::expect_found_minimized_and_replayed("surw");
}

TEST(Surw, ShardsCoverTheUnshardedRunExactly) {
  const auto covered = [](std::uint64_t shard, std::uint64_t shards) {
    std::set<std::uint64_t> seen;
    weft::options opt = options_for(200, "surw");
    opt.check_determinism = false;
    opt.shard_index = shard;
    opt.shard_count = shards;
    const weft::report r = weft::explore(opt, [&] { seen.insert(weft::random()); });
    EXPECT_FALSE(r.failed()) << r;
    return seen;
  };
  const std::set<std::uint64_t> whole = covered(0, 1);
  std::set<std::uint64_t> united;
  for (std::uint64_t shard = 0; shard < 3; ++shard) {
    const std::set<std::uint64_t> part = covered(shard, 3);
    united.insert(part.begin(), part.end());
  }
  EXPECT_EQ(whole.size(), 200u);
  EXPECT_EQ(united, whole);
}

TEST(Surw, FindsTheWorkStealingBugsForEverySeedAndPassesTheCorrectedQueues) {
  namespace the_queue = weft_bench::the_queue;
  for (void (*body)() : {the_queue::work_steal_queue, the_queue::interlocked_work_steal_queue}) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      weft::options opt = options_for(10000, "surw", seed);
      opt.check_determinism = false;
      opt.minimize_seconds = 0;
      EXPECT_EQ(weft::explore(opt, body).kind(), failure_kind::assertion) << "seed " << seed;
    }
  }
  const weft::report fixed = weft::explore(options_for(2000, "surw"), [] {
    the_queue::owner_and_thief<the_queue::lock_kind::spin>(the_queue::push_check::leaves_a_spare_slot);
  });
  EXPECT_FALSE(fixed.failed()) << fixed;
}

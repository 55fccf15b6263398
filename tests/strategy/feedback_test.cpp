// feedback (greybox fuzzing of schedules): deterministic from its seed, replayable,
// minimized, sharded like every strategy; it keeps only schedules that did something
// new, and it finds what it is for: SafeStack's double owner, which needs seven
// preemptions in the right places, while the corrected stack passes the same budget.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "safe_stack.hpp"
#include "found_and_replayed.hpp"
#include "support.hpp"
#include "the_work_steal_queue.hpp"
#include "weak_memory_bugs.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

// The budget for SafeStack.
constexpr std::uint64_t safe_stack_budget = 100000;

// SafeStack's tests are about what the strategy reaches, not about the backend: on fibers
// whatever WEFT_THREADS says (100,000 executions on OS threads take minutes).
weft::options safe_stack_options(std::uint64_t seed) {
  weft::options opt = options_for(safe_stack_budget, "feedback", seed);
  opt.check_determinism = false;
  opt.minimize_seconds = 0;
  opt.threads = weft::thread_backend::fibers;
  return opt;
}

weft::options without_minimizing(std::uint64_t iterations, std::uint64_t seed) {
  weft::options opt = options_for(iterations, "feedback", seed);
  opt.check_determinism = false;
  opt.minimize_seconds = 0;
  return opt;
}

}  // namespace

TEST(Feedback, FindsSafeStacksDoubleOwnerFromScratchAndReplaysIt) {
  std::uint64_t found = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const weft::report r =
        weft::explore(safe_stack_options(seed), weft_bench::safe_stack::safe_stack);
    if (!r.failed()) continue;
    ++found;
    EXPECT_EQ(r.kind(), failure_kind::assertion) << r;
    EXPECT_NE(r.message().find("two threads own the same node"), std::string::npos) << r;
    const weft::report again = weft::replay(r.replay_token(), weft_bench::safe_stack::safe_stack);
    EXPECT_EQ(again.kind(), failure_kind::assertion) << again;
    EXPECT_EQ(again.message(), r.message());
  }
  EXPECT_GE(found, 3u) << "SafeStack found for " << found << " of 5 seeds within " << safe_stack_budget;
}

TEST(Feedback, TheCorrectedSafeStackPassesTheSameBudget) {
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    const weft::report r =
        weft::explore(safe_stack_options(seed), weft_bench::safe_stack::versioned_safe_stack);
    EXPECT_FALSE(r.failed()) << r;
    EXPECT_EQ(r.executions(), safe_stack_budget);
  }
}

TEST(Feedback, AFailureReplaysFromItsTokenAndIsMinimized) {
  weft_test::expect_found_minimized_and_replayed("feedback");
}

// Each shard grows its own corpus from the executions it owns, so shards do not add up
// to the unsharded run as they do for memoryless strategies; what holds is that a shard
// runs its share of the executions, the same way every time, and differently from the
// other shards.
TEST(Feedback, EachShardRunsItsShareTheSameWayEveryTimeAndTheSharesDiffer) {
  const auto outcomes = [](std::uint64_t shard) {
    std::vector<int> seen;
    weft::options opt = options_for(300, "feedback");
    opt.check_determinism = false;
    opt.shard_index = shard;
    opt.shard_count = 3;
    const weft::report r = weft::explore(opt, [&] {
      weft::atomic<int> x{0};
      weft::thread t([&] { x.fetch_add(1); x.fetch_add(2); });
      const int before = x.load();
      x.store(before * 10);
      t.join();
      seen.push_back(x.load());
    });
    EXPECT_FALSE(r.failed()) << r;
    EXPECT_EQ(r.executions(), 100u) << r;
    return seen;
  };
  std::vector<std::vector<int>> shards;
  for (std::uint64_t shard = 0; shard < 3; ++shard) {
    shards.push_back(outcomes(shard));
    EXPECT_EQ(shards.back(), outcomes(shard)) << "shard " << shard << " ran differently twice";
  }
  EXPECT_NE(shards[0], shards[1]);
  EXPECT_NE(shards[1], shards[2]);
}

// Two threads that each add to one atomic once have two orders: after the first
// executions nothing is new, so the corpus stops growing however long the run.
TEST(Feedback, KeepsOnlySchedulesThatDidSomethingNew) {
  weft::options opt = options_for(2000, "feedback");
  opt.check_determinism = false;
  const weft::report r = weft::explore(opt, [] {
    weft::atomic<int> x{0};
    weft::thread t([&] { x.fetch_add(1); });
    x.fetch_add(2);
    t.join();
  });
  ASSERT_FALSE(r.failed()) << r;
  const std::string& summary = r.strategy();
  const auto at = summary.find("corpus: ");
  ASSERT_NE(at, std::string::npos) << summary;
  const int corpus = std::stoi(summary.substr(at + 8));
  EXPECT_GE(corpus, 2) << summary;
  EXPECT_LE(corpus, 6) << summary;
}

TEST(Feedback, FindsTheWorkStealingBugsForEverySeed) {
  namespace the_queue = weft_bench::the_queue;
  for (void (*body)() : {the_queue::work_steal_queue, the_queue::interlocked_work_steal_queue}) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      EXPECT_EQ(weft::explore(without_minimizing(10000, seed), body).kind(), failure_kind::assertion)
          << "seed " << seed;
    }
  }
}

// Under the C11 model, which store a load reads is a value choice: the corpus keeps and
// mutates those too (this shows only that the bugs are found, fresh walks included).
TEST(Feedback, FindsWeakMemoryBugsAndTheFixesPass) {
  namespace weak = weft_bench::weak;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const weft::report dekker = weft::explore(options_for(10000, "feedback", seed), [] { weak::dekker(false); });
    ASSERT_TRUE(dekker.failed()) << "seed " << seed;
    EXPECT_EQ(weft::replay(dekker.replay_token(), [] { weak::dekker(false); }).kind(), dekker.kind());
    EXPECT_TRUE(weft::explore(without_minimizing(10000, seed), [] {
                  weak::peterson(weak::release, weak::acquire);
                }).failed())
        << "seed " << seed;
  }
  EXPECT_FALSE(weft::explore(without_minimizing(3000, 1), [] { weak::dekker(true); }).failed());
  EXPECT_FALSE(weft::explore(without_minimizing(3000, 1), [] {
                 weak::peterson(std::memory_order_seq_cst, std::memory_order_seq_cst);
               }).failed());
}

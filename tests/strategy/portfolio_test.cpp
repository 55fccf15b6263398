// portfolio (feedback whose opening is PCT, surw, PCT, random, POS and rotation, and
// whose later fresh walks come from random, POS and surw):
// it finds first what each of its walkers finds first, and SafeStack through its
// mutations; replayable, minimized, sharded, deterministic like every strategy; its
// weights are parameters.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "classic_bugs.hpp"
#include "safe_stack.hpp"
#include "found_and_replayed.hpp"
#include "support.hpp"
#include "the_work_steal_queue.hpp"

using weft_test::options_for;

namespace {

weft::options quick(std::uint64_t iterations, std::uint64_t seed, const std::string& strategy = "portfolio") {
  weft::options opt = options_for(iterations, strategy, seed);
  opt.check_determinism = false;
  opt.minimize_seconds = 0;
  opt.threads = weft::thread_backend::fibers;
  return opt;
}

}  // namespace

// Each of these is found first by a different walker (bench/README.md, "Bug finding"):
// POS and PCT double-checked locking, PCT the bounded buffer, POS Peterson's broken flag
// order, surw InterlockedWorkStealQueue, POS and the random walk CHESS's WorkStealQueue.
TEST(Portfolio, FindsEachWalkersBugsForEverySeed) {
  const std::vector<std::pair<const char*, void (*)()>> bugs = {
      {"double-checked locking", weft_bench::double_checked_locking},
      {"bounded buffer with if", weft_bench::bounded_buffer_if},
      {"Peterson, broken flag order", [] { weft_bench::peterson(true); }},
      {"InterlockedWorkStealQueue", weft_bench::the_queue::interlocked_work_steal_queue},
      {"WorkStealQueue", weft_bench::the_queue::work_steal_queue},
  };
  for (const auto& [name, body] : bugs) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      EXPECT_TRUE(weft::explore(quick(2000, seed), body).failed()) << name << ", seed " << seed;
    }
  }
}

TEST(Portfolio, FindsSafeStackThroughItsMutations) {
  std::uint64_t found = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const weft::report r = weft::explore(quick(100000, seed), weft_bench::safe_stack::safe_stack);
    if (r.failed()) ++found;
  }
  EXPECT_GE(found, 3u) << "SafeStack found for " << found << " of 5 seeds within 100,000";
}

TEST(Portfolio, AFailureReplaysFromItsTokenAndIsMinimized) {
  weft_test::expect_found_minimized_and_replayed("portfolio");
}

// Weights choose the walkers: a walker with weight 0 never walks (PCT walks only in the
// default's opening), and a spec that is not the default says its weights in full and
// has no opening.
TEST(Portfolio, TheWeightsChooseTheWalkers) {
  const auto summary = [](const std::string& spec) {
    const weft::report r = weft::explore(quick(200, 1, spec), [] {
      weft::atomic<int> x{0};
      weft::thread t([&] { x.fetch_add(1); });
      x.fetch_add(2);
      t.join();
    });
    EXPECT_FALSE(r.failed()) << r;
    return r.strategy();
  };
  // What the summary lists after "fresh walks: ", the walkers.
  const auto walkers = [](const std::string& text) { return text.substr(text.find("fresh walks: ")); };
  const std::string pct_only = summary("portfolio:random=0,pct=1,pos=0,surw=0");
  EXPECT_EQ(pct_only.rfind("portfolio:random=0,pct=1,pos=0,surw=0 (", 0), 0u) << pct_only;
  EXPECT_EQ(walkers(pct_only).rfind("fresh walks: pct:depth=3 (", 0), 0u) << pct_only;
  for (const char* absent : {"random", "pos", "surw"}) {
    EXPECT_EQ(walkers(pct_only).find(absent), std::string::npos) << absent << " walked in: " << pct_only;
  }
  const std::string all = summary("portfolio");
  EXPECT_EQ(all.rfind("portfolio (", 0), 0u) << all;
  // The weighted walkers, then those the opening adds.
  EXPECT_EQ(walkers(all).rfind("fresh walks: random, pos, surw, pct:depth=3 (", 0), 0u) << all;
  EXPECT_NE(walkers(all).find("), rotation)"), std::string::npos) << all;
  const std::string no_random = summary("portfolio:random=0");
  EXPECT_EQ(no_random.rfind("portfolio:random=0,pct=0,pos=1,surw=1 (", 0), 0u) << no_random;
  EXPECT_EQ(walkers(no_random).rfind("fresh walks: pos", 0), 0u) << no_random;
  for (const char* opening_only : {"pct", "rotation"}) {
    EXPECT_EQ(walkers(no_random).find(opening_only), std::string::npos)
        << opening_only << " walks only in the default's opening: " << no_random;
  }
}

// PCT walks the default's first and third executions and no other (the opening is the
// same for every seed): the length it has learned (the longest of its executions) is the
// third's when each execution is longer than the one before. PCT has weight 0 after the
// opening, so without the opening it would never walk.
TEST(Portfolio, PctWalksTheFirstAndThirdExecutionsOnly) {
  const auto learned = [](std::uint64_t executions) {
    int execution = 0;
    const weft::report r = weft::explore(quick(executions, 1), [&] {
      const int adds = ++execution;
      weft::atomic<int> x{0};
      weft::thread t([&] {
        for (int i = 0; i < adds; ++i) x.fetch_add(1);
      });
      t.join();
    });
    EXPECT_FALSE(r.failed()) << r;
    const std::string text = r.strategy();
    const std::string label = "pct:depth=3 (execution length learned: ";
    const auto at = text.find(label);
    EXPECT_NE(at, std::string::npos) << text;
    return at == std::string::npos ? 0 : std::stoull(text.substr(at + label.size()));
  };
  const std::uint64_t after_one = learned(1);
  const std::uint64_t after_three = learned(3);
  EXPECT_GT(after_one, 0u);
  EXPECT_EQ(learned(2), after_one);
  EXPECT_GT(after_three, after_one);
  EXPECT_EQ(learned(100), after_three);
}

// Counts of one in the summary read in the singular: it said "corpus: 1 schedules" and
// "execution length learned: 1 steps".
TEST(Portfolio, ItsSummaryCountsInTheSingularForOne) {
  const weft::report portfolio = weft::explore(quick(1, 1), [] {
    weft::thread t([] {});
    t.join();
  });
  ASSERT_FALSE(portfolio.failed()) << portfolio;
  EXPECT_NE(portfolio.strategy().find("corpus: 1 schedule,"), std::string::npos) << portfolio.strategy();
  const weft::report pct = weft::explore(quick(1, 1, "pct"), [] { weft::this_thread::yield(); });
  ASSERT_FALSE(pct.failed()) << pct;
  EXPECT_NE(pct.strategy().find("(execution length learned: 1 step)"), std::string::npos) << pct.strategy();
  for (const std::string& text : {portfolio.strategy(), pct.strategy()}) {
    for (const char* plural : {" 1 schedules", " 1 behaviours", " 1 steps"}) {
      EXPECT_EQ(text.find(plural), std::string::npos) << text;
    }
  }
}

// The opening ends with rotation: a bug its one schedule exposes is found within six
// executions for every seed. Left to the walkers, dining philosophers with 7 takes about
// 40 executions at the median and lost update up to 20.
TEST(Portfolio, FindsWhatRotationExposesWithinSixExecutionsForEverySeed) {
  const std::vector<std::pair<const char*, void (*)()>> bugs = {
      {"lost update", weft_bench::lost_update},
      {"ABBA deadlock", weft_bench::abba_deadlock},
      {"check-then-act", weft_bench::check_then_act},
      {"dining philosophers (7)", [] { weft_bench::dining_philosophers(7); }},
  };
  for (const auto& [name, body] : bugs) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      const weft::report r = weft::explore(quick(6, seed), body);
      EXPECT_TRUE(r.failed()) << name << ", seed " << seed;
    }
  }
}

TEST(Portfolio, EachShardRunsItsShareTheSameWayEveryTime) {
  const auto outcomes = [](std::uint64_t shard) {
    std::vector<int> seen;
    weft::options opt = quick(300, 1);
    opt.shard_index = shard;
    opt.shard_count = 2;
    const weft::report r = weft::explore(opt, [&] {
      weft::atomic<int> x{0};
      weft::thread t([&] {
        x.fetch_add(1);
        x.fetch_add(2);
      });
      x.store(x.load() * 10);
      t.join();
      seen.push_back(x.load());
    });
    EXPECT_EQ(r.executions(), 150u) << r;
    return seen;
  };
  const std::vector<int> first = outcomes(0);
  EXPECT_EQ(first, outcomes(0));
  EXPECT_NE(first, outcomes(1));
}

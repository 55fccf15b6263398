// The classic lock-free bugs that only weak memory shows, found from scratch by random
// exploration within a few thousand executions, each with its fix passing the same
// budget: Peterson's lock with acquire/release, Dekker's without fences, a ring whose
// consumer reads a slot published with a relaxed index, and a seqlock reader without its
// acquire fence. (Chase-Lev without the fence in take() is examples/work_stealing.)
#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>

#include <weft/weft.hpp>

#include "support.hpp"
#include "weak_memory_bugs.hpp"

namespace {

using namespace weft_bench::weak;

constexpr std::uint64_t budget = 3000;

weft::report explore(std::uint64_t seed, const std::function<void()>& body) {
  weft::options opt = weft_test::options_for(budget, "random", seed);
  opt.minimize_seconds = 0;
  return weft::explore(opt, body);
}

// Found for each of three seeds within the budget, replayed from its token; the fixed
// body passes the whole budget.
void expect_found_and_fixed(const std::function<void()>& wrong, const std::function<void()>& right,
                            weft::failure_kind kind) {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const weft::report found = explore(seed, wrong);
    ASSERT_EQ(found.kind(), kind) << "seed " << seed << "\n" << found;
    const weft::report again = weft::replay(found.replay_token(), wrong);
    EXPECT_EQ(again.kind(), kind) << again;
    EXPECT_EQ(again.message(), found.message());
  }
  const weft::report fixed = explore(1, right);
  EXPECT_FALSE(fixed.failed()) << fixed;
  EXPECT_EQ(fixed.executions(), budget);
}

}  // namespace

TEST(LockFreeBugs, PetersonWithReleaseAcquireLetsBothThreadsIn) {
  expect_found_and_fixed([] { peterson(release, acquire); }, [] { peterson(seq_cst, seq_cst); },
                         weft::failure_kind::data_race);
}

TEST(LockFreeBugs, DekkerWithoutFencesLetsBothThreadsIn) {
  expect_found_and_fixed([] { dekker(false); }, [] { dekker(true); }, weft::failure_kind::data_race);
}

TEST(LockFreeBugs, ARingPublishingWithARelaxedIndexRacesOnTheSlot) {
  expect_found_and_fixed([] { spsc_ring(relaxed, relaxed); }, [] { spsc_ring(release, acquire); },
                         weft::failure_kind::data_race);
}

TEST(LockFreeBugs, ASeqlockReaderWithoutTheAcquireFenceAcceptsATornSnapshot) {
  expect_found_and_fixed([] { seqlock(false); }, [] { seqlock(true); }, weft::failure_kind::assertion);
}

// The same bugs need the weak model: with memory_model::sc (every load reads the latest
// store) Peterson's, Dekker's and the seqlock's broken versions pass the whole budget.
TEST(LockFreeBugs, TheWeakOutcomesAreAbsentUnderSequentialConsistency) {
  weft::options opt = weft_test::options_for(budget, "random", 1);
  opt.memory_model = weft::memory_model::sc;
  for (const auto& body : std::initializer_list<std::function<void()>>{
           [] { peterson(release, acquire); }, [] { dekker(false); }, [] { seqlock(false); }}) {
    const weft::report r = weft::explore(opt, body);
    EXPECT_FALSE(r.failed()) << r;
  }
}

namespace {

// Two threads claim a slot with one compare-exchange each, and the one that fails takes
// it that the other won. A weak compare-exchange may fail although the slot was free
// (as a store-conditional does on ARM), so both can lose and nobody owns the slot.
void claim_once(bool weak) {
  weft::atomic<int> owner{0};
  const auto claim = [&](int me) {
    int expected = 0;
    const bool won = weak ? owner.compare_exchange_weak(expected, me) : owner.compare_exchange_strong(expected, me);
    WEFT_ASSERT(won || expected != 0, "a claim failed that nobody had made: no thread owns the slot");
  };
  weft::thread first(claim, 1);
  claim(2);
  first.join();
}

}  // namespace

TEST(LockFreeBugs, AWeakCompareExchangeOutsideALoopMayFailSpuriously) {
  expect_found_and_fixed([] { claim_once(true); }, [] { claim_once(false); }, weft::failure_kind::assertion);
  const weft::report found = explore(1, [] { claim_once(true); });
  ASSERT_FALSE(found.injected().empty()) << found;
  EXPECT_EQ(found.injected().back().operation, "compare_exchange_weak failed spuriously on") << found;
  // Under sequential consistency a compare-exchange fails only when the values differ.
  weft::options opt = weft_test::options_for(budget, "random", 1);
  opt.memory_model = weft::memory_model::sc;
  const weft::report strong = weft::explore(opt, [] { claim_once(true); });
  EXPECT_FALSE(strong.failed()) << strong;
}

namespace {

// Two threads add to a counter with a weak compare-exchange in a retry loop: correct,
// whatever fails spuriously.
void add_in_a_retry_loop() {
  weft::atomic<int> total{0};
  const auto add = [&](int amount) {
    int seen = total.load(std::memory_order_relaxed);
    while (!total.compare_exchange_weak(seen, seen + amount)) {
    }
  };
  weft::thread first(add, 1);
  add(2);
  first.join();
  WEFT_ASSERT(total.load() == 3);
}

weft::report search(const std::function<void()>& body) {
  weft::options opt = weft_test::options_for(0, "dfs");
  opt.minimize_seconds = 0;
  return weft::explore(opt, body);
}

}  // namespace

// dfs tries one spurious failure at each weak compare-exchange of a schedule (more would
// never end a retry loop): enough for one outside a loop, which it called correct before.
TEST(LockFreeBugs, DfsTriesASpuriousFailureOfEachWeakCompareExchange) {
  const weft::report found = search([] { claim_once(true); });
  ASSERT_EQ(found.kind(), weft::failure_kind::assertion) << found;
  ASSERT_FALSE(found.injected().empty()) << found;
  EXPECT_EQ(found.injected().back().operation, "compare_exchange_weak failed spuriously on") << found;
  const weft::report again = weft::replay(found.replay_token(), [] { claim_once(true); });
  EXPECT_EQ(again.message(), found.message()) << again;

  const weft::report strong = search([] { claim_once(false); });
  EXPECT_FALSE(strong.failed()) << strong;
  EXPECT_TRUE(strong.complete()) << strong;

  const weft::report loop = search(add_in_a_retry_loop);
  EXPECT_FALSE(loop.failed()) << loop;
  EXPECT_TRUE(loop.complete()) << loop;
}

// Code compiled with -fsanitize=thread (this file), linked with weft::interpose instead of
// libtsan: every std::atomic operation and plain access reaches weft, so a lost update
// between std::atomic loads and stores, one between plain stores, and one between plain
// accesses under a shared lock, are found.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>

#include <weft/explore.hpp>
#include <weft/gtest.hpp>

#include "support.hpp"

using weft_test::options_for;

namespace {

void atomic_deposits(bool fixed) {
  std::atomic<int> balance{0};
  auto deposit = [&] {
    if (fixed) {
      balance.fetch_add(1);
    } else {
      balance.store(balance.load() + 1);
    }
  };
  std::thread a(deposit), b(deposit);
  a.join();
  b.join();
  WEFT_ASSERT(balance.load() == 2, "a deposit was lost");
}

// Plain ints, written by two threads in two steps each: the reader may see one thread's
// first write and not its second only if a thread switch falls between two plain stores.
int first_half;
int second_half;

void halves(bool fixed) {
  first_half = second_half = 0;
  std::atomic<bool> busy{false};
  auto write_both = [&](int value) {
    if (fixed) {
      while (busy.exchange(true)) std::this_thread::yield();
    }
    first_half = value;
    second_half = value;
    if (fixed) busy.store(false);
  };
  std::thread a(write_both, 1), b(write_both, 2);
  a.join();
  b.join();
  WEFT_ASSERT(first_half == second_half, "the halves come from different writers");
}

// A counter two threads increment holding a std::shared_mutex: shared (a lost update:
// readers hold it together) or exclusively.
int hits;

void hits_under(bool exclusive) {
  hits = 0;
  std::shared_mutex lock;
  auto hit = [&] {
    if (exclusive) {
      const std::unique_lock hold(lock);
      hits = hits + 1;
    } else {
      const std::shared_lock hold(lock);
      hits = hits + 1;
    }
  };
  std::thread a(hit), b(hit);
  a.join();
  b.join();
  WEFT_ASSERT(hits == 2, "a hit was lost");
}

// Two threads claim a slot with one compare-exchange each; the loser takes it that the
// other won, which a weak compare-exchange's spurious failure falsifies.
void claim_once(bool weak) {
  std::atomic<int> owner{0};
  auto claim = [&](int me) {
    int expected = 0;
    const bool won = weak ? owner.compare_exchange_weak(expected, me) : owner.compare_exchange_strong(expected, me);
    WEFT_ASSERT(won || expected != 0, "a claim failed that nobody had made");
  };
  std::thread first(claim, 1);
  claim(2);
  first.join();
}

}  // namespace

TEST(Instrumented, ALostUpdateBetweenStdAtomicLoadsAndStoresIsFound) {
  const weft::report found = weft::explore(options_for(1000), [] { atomic_deposits(false); });
  ASSERT_EQ(found.kind(), weft::failure_kind::assertion) << found;
  const weft::report again = weft::replay(found.replay_token(), [] { atomic_deposits(false); }, options_for(1));
  EXPECT_EQ(again.kind(), weft::failure_kind::assertion) << again;
  const weft::report fixed = weft::explore(options_for(0, "dfs"), [] { atomic_deposits(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
  EXPECT_TRUE(fixed.complete()) << fixed;
}

TEST(Instrumented, PlainStoresAreSchedulingPoints) {
  const weft::report found = weft::explore(options_for(2000), [] { halves(false); });
  ASSERT_EQ(found.kind(), weft::failure_kind::assertion) << found;
  EXPECT_NE(found.message().find("different writers"), std::string::npos) << found;
  const weft::report fixed = weft::explore(options_for(2000), [] { halves(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
}

TEST(Instrumented, PlainAccessesUnderASharedLockAreSchedulingPoints) {
  const weft::report found = weft::explore(options_for(2000), [] { hits_under(false); });
  ASSERT_EQ(found.kind(), weft::failure_kind::assertion) << found;
  EXPECT_NE(found.message().find("a hit was lost"), std::string::npos) << found;
  const weft::report fixed = weft::explore(options_for(0, "dfs"), [] { hits_under(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
  EXPECT_TRUE(fixed.complete()) << fixed;
}

// g++ instruments a weak compare-exchange with an entry point of its own, which may fail
// spuriously; clang's instrumentation calls one entry point for both forms (the one that
// returns the old value), which weft takes for the strong one.
TEST(Instrumented, AStdWeakCompareExchangeMayFailSpuriouslyWhereGccCompiledIt) {
  const weft::report found = weft::explore(options_for(2000, "random"), [] { claim_once(true); });
#if defined(__clang__)
  EXPECT_FALSE(found.failed()) << found;
#else
  ASSERT_EQ(found.kind(), weft::failure_kind::assertion) << found;
  ASSERT_FALSE(found.injected().empty()) << found;
  EXPECT_EQ(found.injected().back().operation, "compare_exchange_weak failed spuriously on") << found;
#endif
  const weft::report fixed = weft::explore(options_for(2000, "random"), [] { claim_once(false); });
  EXPECT_FALSE(fixed.failed()) << fixed;
}

// weft::atomic_ref: atomic operations on memory the code owns, under exploration; one
// simulated atomic per object however many atomic_refs come and go.
#include <gtest/gtest.h>

#include <cstdint>
#include <new>
#include <sstream>
#include <string>
#include <thread>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

// Each increment makes its own atomic_ref, as code that shares a plain counter does.
void count_twice(bool indivisibly) {
  int count = 0;
  auto increment = [&] {
    const weft::atomic_ref<int> ref(count);
    if (indivisibly) {
      ref.fetch_add(1);
    } else {
      const int seen = ref.load();
      ref.store(seen + 1);
    }
  };
  weft::thread a(increment);
  weft::thread b(increment);
  a.join();
  b.join();
  WEFT_ASSERT(weft::atomic_ref<int>(count).load() == 2, "an increment was lost");
}

// A flag published with `flag_order` after a relaxed store of the data, both through
// atomic_refs made for the one access.
void publish(std::memory_order flag_order) {
  int data = 0;
  bool ready = false;
  weft::thread writer([&] {
    weft::atomic_ref<int>(data).store(42, std::memory_order_relaxed);
    weft::atomic_ref<bool>(ready).store(true, flag_order);
  });
  if (weft::atomic_ref<bool>(ready).load(std::memory_order_acquire)) {
    WEFT_ASSERT(weft::atomic_ref<int>(data).load(std::memory_order_relaxed) == 42,
                "read the data before it was published");
  }
  writer.join();
}

}  // namespace

TEST(AtomicRef, DfsFindsALostUpdateAcrossAtomicRefs) {
  const weft::report r = weft::explore(options_for(0, "dfs"), [] { count_twice(false); });
  ASSERT_TRUE(r.failed()) << r;
  EXPECT_EQ(r.kind(), failure_kind::assertion) << r;
  std::ostringstream text;
  text << r;
  EXPECT_NE(text.str().find("atomic_ref_test.cpp"), std::string::npos) << r;
}

TEST(AtomicRef, DfsCompletesTheIndivisibleIncrement) {
  const weft::report r = weft::explore(options_for(0, "dfs"), [] { count_twice(true); });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_TRUE(r.complete()) << r;
}

// The release store and the acquire load go through different atomic_refs: they must be
// one atomic for the load to synchronize with the store.
TEST(AtomicRef, ReleaseAndAcquireThroughSeparateRefsSynchronize) {
  const weft::report r = weft::explore(options_for(3000), [] { publish(std::memory_order_release); });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(AtomicRef, ARelaxedFlagLetsTheDataBeReadStale) {
  const weft::report r = weft::explore(options_for(3000), [] { publish(std::memory_order_relaxed); });
  ASSERT_TRUE(r.failed()) << r;
  EXPECT_EQ(r.kind(), failure_kind::assertion) << r;
}

// C++ allows plain writes while no atomic_ref refers to the object: the next atomic_ref
// reads what they wrote, not the last atomic store.
TEST(AtomicRef, APlainWriteBetweenAtomicRefsIsWhatTheNextOneReads) {
  const weft::report r = weft::explore(options_for(20), [] {
    int value = 0;
    weft::atomic_ref<int>(value).store(1, std::memory_order_relaxed);
    value = 5;
    WEFT_ASSERT(weft::atomic_ref<int>(value).load(std::memory_order_relaxed) == 5);
    weft::atomic_ref<int>(value).fetch_add(1, std::memory_order_relaxed);
    WEFT_ASSERT(value == 6);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(AtomicRef, WaitAndNotifyThroughAtomicRefs) {
  const weft::report r = weft::explore(options_for(300), [] {
    int state = 0;
    weft::thread setter([&] {
      weft::atomic_ref<int> ref(state);
      ref.store(1);
      ref.notify_one();
    });
    weft::atomic_ref<int>(state).wait(0);
    WEFT_ASSERT(weft::atomic_ref<int>(state).load() == 1);
    setter.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// Outside weft::explore an atomic_ref is std's: real threads may share it.
TEST(AtomicRef, OutsideAnExplorationItIsAtomicOnRealThreads) {
  long count = 0;
  auto add = [&] {
    for (int i = 0; i < 20000; ++i) weft::atomic_ref<long>(count).fetch_add(1, std::memory_order_relaxed);
  };
  std::thread a(add);
  std::thread b(add);
  a.join();
  b.join();
  EXPECT_EQ(weft::atomic_ref<long>(count).load(), 40000);
  long expected = 40000;
  EXPECT_TRUE(weft::atomic_ref<long>(count).compare_exchange_strong(expected, 1));
  EXPECT_EQ(weft::atomic_ref<long>(count).exchange(2), 1);
}

// Pointer and floating-point arithmetic, and a compare-exchange loop, through atomic_refs.
TEST(AtomicRef, ArithmeticAndCompareExchangeUnderExploration) {
  const weft::report r = weft::explore(options_for(300), [] {
    int cells[4] = {};
    int* cursor = cells;
    double total = 0;
    long maximum = 0;
    auto work = [&](long value) {
      weft::atomic_ref<int*>(cursor).fetch_add(1);
      weft::atomic_ref<double>(total).fetch_add(0.5);
      const weft::atomic_ref<long> best(maximum);
      long seen = best.load();
      while (seen < value && !best.compare_exchange_weak(seen, value)) {
      }
    };
    weft::thread a([&] { work(3); });
    weft::thread b([&] { work(5); });
    a.join();
    b.join();
    WEFT_ASSERT(cursor == cells + 2 && total == 1.0 && maximum == 5);
  });
  EXPECT_FALSE(r.failed()) << r;
}

namespace {
struct four_bytes {
  char bytes[4];
};
}  // namespace

// std::atomic_ref requires required_alignment (4 here, for a lock-free four bytes); an
// object with alignof 1 may lie anywhere.
TEST(AtomicRef, AnObjectNotAlignedToRequiredAlignmentIsMisuse) {
  static_assert(weft::atomic_ref<four_bytes>::required_alignment == 4);
  const weft::report r = weft::explore(options_for(5), [] {
    alignas(4) unsigned char storage[8] = {};
    auto* odd = new (storage + 1) four_bytes{};
    weft::atomic_ref<four_bytes> ref(*odd);
    (void)ref.load();
  });
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_NE(r.message().find("not aligned to its required_alignment"), std::string::npos) << r;
}

// dfs took the two for independent atomics and called a search of one schedule complete.
TEST(AtomicRef, AtomicRefsOfTwoSizesOnOneObjectAreMisuse) {
  const weft::report r = weft::explore(options_for(0, "dfs"), [] {
    union {
      std::uint64_t wide;
      std::uint32_t halves[2];
    } word{};
    weft::thread writer([&] { weft::atomic_ref<std::uint64_t>(word.wide).store(1); });
    (void)weft::atomic_ref<std::uint32_t>(word.halves[0]).load();
    writer.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_NE(r.message().find(" bytes on one object: C++ defines no order"), std::string::npos) << r;
}

// Code compiled with -fsanitize=thread (this file), linked with weft::interpose instead of
// libtsan: every std::atomic operation and plain access reaches weft, so a lost update
// between std::atomic loads and stores, one between plain stores, and one between plain
// accesses under a shared lock, are found.
#include <gtest/gtest.h>

#include <malloc.h>

#include <atomic>
#include <cstdlib>
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

constexpr unsigned first_half_store = __LINE__ + 9;  // first_half = value

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

// Two threads write one int, one of them holding a lock; the other too if `both_lock`.
int locked_int;

constexpr unsigned locked_store = __LINE__ + 7;  // locked_int = 1

void one_locked_writer(bool both_lock) {
  locked_int = 0;
  std::mutex lock;
  std::thread a([&] {
    const std::lock_guard hold(lock);
    locked_int = 1;
  });
  if (both_lock) {
    const std::lock_guard hold(lock);
    locked_int = 2;
  } else {
    locked_int = 2;
  }
  a.join();
  WEFT_ASSERT(locked_int != 0);
}

// main shares a local by reference with a thread that writes it, and writes it again
// itself: before joining the thread (a race on main's own stack) or after. The yield
// lets the thread run first (a spawn is no scheduling point, nor is main's store).
constexpr unsigned own_stack_store = __LINE__ + 7;  // value = 2

void local_shared_by_reference(bool joined_first) {
  int value = 0;
  std::thread writer([&] { value = 1; });
  if (joined_first) writer.join();
  std::this_thread::yield();
  value = 2;
  if (!joined_first) writer.join();
  WEFT_ASSERT(value != 0);
}

// Two threads that nothing orders each allocate a block the kernel maps, write it and
// free it; the later one is often given the earlier one's addresses.
int reused_blocks = 0;

void owners_one_after_another() {
  constexpr std::size_t size = 1 << 20;
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);  // large blocks always mapped (no dynamic threshold)
  std::atomic<void*> first_block{nullptr};
  auto own = [&] {
    auto* block = static_cast<char*>(std::malloc(size));
    void* expected = nullptr;
    if (!first_block.compare_exchange_strong(expected, block, std::memory_order_relaxed) && expected == block) {
      ++reused_blocks;
    }
    block[0] = 1;
    asm volatile("" : : "r"(block) : "memory");  // the store is not dead before the free
    std::free(block);
  };
  std::thread a(own), b(own);
  a.join();
  b.join();
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

// What clang calls for memcpy, memmove and memset and for a copy of a whole object; g++
// calls the C library's memcpy, so the copies below call the entry points themselves.
extern "C" void* __tsan_memcpy(void* to, const void* from, std::size_t size);
extern "C" void* __tsan_memmove(void* to, const void* from, std::size_t size);
extern "C" void* __tsan_memset(void* to, int value, std::size_t size);

struct two_ints {
  int first;
  int second;
};
two_ints published;

enum class copy_kind { memcpy_into, memmove_into, memset_into, memcpy_out_of };

constexpr unsigned main_write = __LINE__ + 19;  // published.second = 2
constexpr unsigned main_read = main_write + 2;   // WEFT_ASSERT(published.second >= 0)

// A thread copies into `published` whole (or out of it) while main writes (or reads) one
// of its fields; ordered by the join if `joined_first`.
void copy_beside_a_field_access(copy_kind how, bool joined_first) {
  published = {0, 0};
  std::thread copier([how] {
    two_ints other{1, 1};
    switch (how) {
      case copy_kind::memcpy_into: __tsan_memcpy(&published, &other, sizeof published); break;
      case copy_kind::memmove_into: __tsan_memmove(&published, &other, sizeof published); break;
      case copy_kind::memset_into: __tsan_memset(&published, 1, sizeof published); break;
      case copy_kind::memcpy_out_of: __tsan_memcpy(&other, &published, sizeof other); break;
    }
    asm volatile("" : : "r"(&other) : "memory");  // the copy into `other` is not dead
  });
  if (joined_first) copier.join();
  if (how == copy_kind::memcpy_out_of) {
    published.second = 2;
  } else {
    WEFT_ASSERT(published.second >= 0);
  }
  if (!joined_first) copier.join();
}

// A page one thread clears whole, in pieces of a span's length, while main reads a byte
// far into it; ordered by the join if `joined_first`.
char page[4096];

constexpr unsigned page_read = __LINE__ + 5;  // page[3000]

void clear_beside_a_read(bool joined_first) {
  std::thread clearer([] { __tsan_memset(page, 0, sizeof page); });
  if (joined_first) clearer.join();
  const char seen = page[3000];
  if (!joined_first) clearer.join();
  WEFT_ASSERT(seen == 0);
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

// With the race checks off (WEFT_PLAIN_RACES=0), the race between the plain stores is not
// reported, and the bug it leads to is found as the assertion it breaks: a thread switch
// between two plain stores.
TEST(Instrumented, PlainStoresAreSchedulingPoints) {
  const weft_test::scoped_env unchecked("WEFT_PLAIN_RACES", "0");
  const weft::report found = weft::explore(options_for(2000), [] { halves(false); });
  ASSERT_EQ(found.kind(), weft::failure_kind::assertion) << found;
  EXPECT_NE(found.message().find("different writers"), std::string::npos) << found;
  const weft::report fixed = weft::explore(options_for(2000), [] { halves(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
}

TEST(Instrumented, PlainAccessesUnderASharedLockAreSchedulingPoints) {
  const weft_test::scoped_env unchecked("WEFT_PLAIN_RACES", "0");
  const weft::report found = weft::explore(options_for(2000), [] { hits_under(false); });
  ASSERT_EQ(found.kind(), weft::failure_kind::assertion) << found;
  EXPECT_NE(found.message().find("a hit was lost"), std::string::npos) << found;
  const weft::report fixed = weft::explore(options_for(0, "dfs"), [] { hits_under(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
  EXPECT_TRUE(fixed.complete()) << fixed;
}

// By default the plain accesses are checked against happens-before: the two writers'
// unordered stores are a data race, found and replayed; ordered by the spin lock's
// exchange and store, they are not one.
TEST(Instrumented, APlainDataRaceIsFoundAndReplayed) {
  const weft::report found = weft::explore(options_for(2000), [] { halves(false); });
  ASSERT_EQ(found.kind(), weft::failure_kind::data_race) << found;
  EXPECT_TRUE(weft_test::mentions_line(found, first_half_store)) << found;
  const weft::report again = weft::replay(found.replay_token(), [] { halves(false); }, options_for(1));
  EXPECT_EQ(again.kind(), weft::failure_kind::data_race) << again;
  EXPECT_EQ(again.message(), found.message()) << again;
  const weft::report fixed = weft::explore(options_for(2000), [] { halves(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
}

// Readers that write under a shared lock race with one another: found as the data race,
// before the update it loses.
TEST(Instrumented, PlainWritesUnderASharedLockRace) {
  const weft::report found = weft::explore(options_for(2000), [] { hits_under(false); });
  ASSERT_EQ(found.kind(), weft::failure_kind::data_race) << found;
  const weft::report fixed = weft::explore(options_for(0, "dfs"), [] { hits_under(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
  EXPECT_TRUE(fixed.complete()) << fixed;
}

// Accesses made holding a lock are not scheduling points, but they are checked: a write
// under the lock races with one made without it, in whichever order the two come.
TEST(Instrumented, AnAccessUnderALockRacesWithOneWithout) {
  for (const bool both_lock : {false, true}) {
    const weft::report r = weft::explore(options_for(0, "dfs"), [both_lock] { one_locked_writer(both_lock); });
    if (both_lock) {
      EXPECT_FALSE(r.failed()) << r;
      EXPECT_TRUE(r.complete()) << r;
    } else {
      ASSERT_EQ(r.kind(), weft::failure_kind::data_race) << r;
      EXPECT_TRUE(weft_test::mentions_line(r, locked_store)) << r;
    }
  }
}

// A thread's accesses to its own stack are no scheduling points, but once another thread
// has written there, they are checked: found in the executions where the other thread's
// write comes first.
TEST(Instrumented, ARaceOnALocalSharedByReferenceIsFound) {
  const weft::report found = weft::explore(options_for(0, "dfs"), [] { local_shared_by_reference(false); });
  ASSERT_EQ(found.kind(), weft::failure_kind::data_race) << found;
  EXPECT_TRUE(weft_test::mentions_line(found, own_stack_store)) << found;
  const weft::report fixed = weft::explore(options_for(0, "dfs"), [] { local_shared_by_reference(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
  EXPECT_TRUE(fixed.complete()) << fixed;
}

// Memory freed and allocated again is a new location: the second owner's write does not
// race with the first owner's, though nothing orders the two threads (the C library's
// allocator orders them with locks weft does not see). Blocks this large are mapped and
// unmapped with the kernel, which hands the same addresses out again.
TEST(Instrumented, MemoryFreedAndAllocatedAgainIsANewLocation) {
  const weft::report r = weft::explore(options_for(300), [] { owners_one_after_another(); });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_GT(reused_blocks, 0) << "no block was allocated again where a freed one was: the test shows nothing";
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

// A copy through clang's entry points reads its source and writes its destination: each
// races with a field's access by another thread that nothing orders, and not once the
// join orders them.
TEST(Instrumented, ACopyThroughMemcpyMemmoveOrMemsetIsAnAccessOfItsBytes) {
  for (const copy_kind how :
       {copy_kind::memcpy_into, copy_kind::memmove_into, copy_kind::memset_into, copy_kind::memcpy_out_of}) {
    SCOPED_TRACE(static_cast<int>(how));
    const weft::report found = weft::explore(options_for(0, "dfs"), [how] { copy_beside_a_field_access(how, false); });
    ASSERT_EQ(found.kind(), weft::failure_kind::data_race) << found;
    EXPECT_TRUE(weft_test::mentions_line(found, how == copy_kind::memcpy_out_of ? main_write : main_read)) << found;
    const weft::report fixed = weft::explore(options_for(0, "dfs"), [how] { copy_beside_a_field_access(how, true); });
    EXPECT_FALSE(fixed.failed()) << fixed;
    EXPECT_TRUE(fixed.complete()) << fixed;
  }
  const weft::report found = weft::explore(options_for(0, "dfs"), [] { clear_beside_a_read(false); });
  ASSERT_EQ(found.kind(), weft::failure_kind::data_race) << found;
  EXPECT_TRUE(weft_test::mentions_line(found, page_read)) << found;
  const weft::report fixed = weft::explore(options_for(0, "dfs"), [] { clear_beside_a_read(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
  EXPECT_TRUE(fixed.complete()) << fixed;
}

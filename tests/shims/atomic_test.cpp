// weft::atomic and atomic_flag: every operation of the std interface, under exploration.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

TEST(Atomic, ReadModifyWriteOperationsAreIndivisible) {
  const weft::report r = weft::explore(options_for(300), [] {
    weft::atomic<int> n{0};
    weft::atomic<unsigned> bits{0};
    std::vector<weft::thread> workers;
    for (unsigned i = 0; i < 4; ++i) {
      workers.emplace_back([&, i] {
        n.fetch_add(2);
        n -= 1;
        ++n;
        n++;
        bits.fetch_or(1u << i);
        bits |= 1u << (i + 4);
      });
    }
    for (auto& w : workers) w.join();
    WEFT_ASSERT(n.load() == 12);
    WEFT_ASSERT(bits.load() == 0xffu);
    WEFT_ASSERT((bits.fetch_and(0x0fu) & 0xf0u) == 0xf0u && bits.load() == 0x0fu);
    WEFT_ASSERT(bits.fetch_xor(0x01u) == 0x0fu && (bits ^= 0x0eu) == 0u);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Atomic, CompareExchangeBuildsACorrectCounter) {
  const weft::report r = weft::explore(options_for(300), [] {
    weft::atomic<long> n{0};
    auto add = [&] {
      long seen = n.load();
      while (!n.compare_exchange_weak(seen, seen + 1)) {
      }
    };
    weft::thread a(add);
    weft::thread b(add);
    a.join();
    b.join();
    long expected = 3;
    WEFT_ASSERT(!n.compare_exchange_strong(expected, 0) && expected == 2);
    WEFT_ASSERT(n.exchange(7) == 2 && n == 7);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Atomic, PointersFloatsAndTriviallyCopyableStructs) {
  const weft::report r = weft::explore(options_for(50), [] {
    int array[4] = {0, 1, 2, 3};
    weft::atomic<int*> p{array};
    p += 2;
    WEFT_ASSERT(*p.load() == 2 && *(p++) == 2 && *p.load() == 3 && *(--p) == 2);
    weft::atomic<double> d{0.5};
    d.fetch_add(1.0);
    WEFT_ASSERT(d.load() == 1.5);
    struct pair {
      std::int32_t a;
      std::int32_t b;
    };
    weft::atomic<pair> s{pair{1, 2}};
    pair old = s.exchange(pair{3, 4});
    WEFT_ASSERT(old.a == 1 && s.load().b == 4);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Atomic, WaitBlocksUntilTheValueChangesAndIsNotified) {
  auto body = [](bool notify) {
    weft::atomic<int> state{0};
    weft::thread waiter([&] { state.wait(0); });
    state.store(1);
    if (notify) state.notify_all();
    waiter.join();
  };
  weft::options opt = options_for(300);
  opt.spurious_wakeups = false;
  const weft::report missing = weft::explore(opt, [&] { body(false); });
  EXPECT_EQ(missing.kind(), failure_kind::deadlock) << missing;
  const weft::report fine = weft::explore(options_for(300), [&] { body(true); });
  EXPECT_FALSE(fine.failed()) << fine;
}

TEST(AtomicFlag, TestThenSetIsNotASpinlockButTestAndSetIs) {
  auto body = [](bool fixed) {
    weft::atomic_flag flag;
    int inside = 0;
    auto critical = [&] {
      if (fixed) {
        while (flag.test_and_set()) weft::this_thread::yield();
      } else {
        while (flag.test()) weft::this_thread::yield();
        flag.test_and_set();
      }
      ++inside;
      WEFT_ASSERT(inside == 1, "two threads in the critical section");
      weft::this_thread::yield();
      --inside;
      flag.clear();
    };
    weft::thread a(critical);
    weft::thread b(critical);
    a.join();
    b.join();
  };
  EXPECT_EQ(weft::explore(options_for(1000), [&] { body(false); }).kind(), failure_kind::assertion);
  EXPECT_FALSE(weft::explore(options_for(1000), [&] { body(true); }).failed());
}

// An order [atomics.order] does not allow for the operation is undefined behaviour: a
// misuse that names the operation, the order and the line.
TEST(Atomic, AnOrderTheOperationMayNotTakeIsAMisuse) {
  const std::vector<std::pair<std::string, std::function<void()>>> cases = {
      {"load with memory_order_release", [] { weft::atomic<int>{0}.load(std::memory_order_release); }},
      {"load with memory_order_acq_rel", [] { weft::atomic<int>{0}.load(std::memory_order_acq_rel); }},
      {"store with memory_order_acquire", [] { weft::atomic<int>{0}.store(1, std::memory_order_acquire); }},
      {"store with memory_order_consume", [] { weft::atomic<int>{0}.store(1, std::memory_order_consume); }},
      {"compare_exchange's failure with memory_order_release",
       [] {
         weft::atomic<int> a{0};
         int expected = 1;
         a.compare_exchange_strong(expected, 2, std::memory_order_seq_cst, std::memory_order_release);
       }},
      {"wait with memory_order_release", [] { weft::atomic<int>{1}.wait(0, std::memory_order_release); }},
      {"clear with memory_order_acquire", [] { weft::atomic_flag{}.clear(std::memory_order_acquire); }},
      {"test with memory_order_acq_rel", [] { weft::atomic_flag{}.test(std::memory_order_acq_rel); }},
  };
  for (const auto& [operation, body] : cases) {
    const weft::report r = weft::explore(options_for(1), body);
    EXPECT_EQ(r.kind(), failure_kind::misuse) << operation << "\n" << r;
    EXPECT_NE(r.message().find("an atomic " + operation), std::string::npos) << r;
    EXPECT_NE(r.location().file.find("atomic_test.cpp"), std::string::npos) << r;
  }
  const weft::report allowed = weft::explore(options_for(1), [] {
    weft::atomic<int> a{0};
    a.store(1, std::memory_order_release);
    (void)a.load(std::memory_order_consume);
    a.fetch_add(1, std::memory_order_acq_rel);
    int expected = 2;
    a.compare_exchange_strong(expected, 3, std::memory_order_release, std::memory_order_acquire);
  });
  EXPECT_FALSE(allowed.failed()) << allowed;
}

// The free functions of <atomic> are the member functions, with the caller's line.
TEST(Atomic, FreeFunctionsAreTheMemberFunctions) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::atomic<long> a{0};
    weft::atomic_init(&a, 1);
    weft::atomic_store(&a, 2);
    WEFT_ASSERT(weft::atomic_fetch_add(&a, 3) == 2);
    WEFT_ASSERT(weft::atomic_fetch_sub_explicit(&a, 1, std::memory_order_relaxed) == 5);
    WEFT_ASSERT(weft::atomic_fetch_or(&a, 8) == 4 && weft::atomic_fetch_and(&a, 12) == 12);
    WEFT_ASSERT(weft::atomic_fetch_xor_explicit(&a, 1, std::memory_order_acq_rel) == 12);
    long expected = 13;
    WEFT_ASSERT(weft::atomic_compare_exchange_strong(&a, &expected, 20));
    WEFT_ASSERT(!weft::atomic_compare_exchange_weak_explicit(&a, &expected, 30, std::memory_order_acquire,
                                                             std::memory_order_relaxed) &&
                expected == 20);
    WEFT_ASSERT(weft::atomic_exchange(&a, 7) == 20 && weft::atomic_load_explicit(&a, std::memory_order_acquire) == 7);
    weft::atomic_wait(&a, 6);  // not 6: returns at once
    weft::atomic_flag flag = ATOMIC_FLAG_INIT;
    WEFT_ASSERT(!weft::atomic_flag_test_and_set(&flag) && weft::atomic_flag_test(&flag));
    weft::atomic_flag_clear_explicit(&flag, std::memory_order_release);
    WEFT_ASSERT(!weft::atomic_flag_test_explicit(&flag, std::memory_order_acquire));
    weft::atomic_flag_notify_all(&flag);
  });
  EXPECT_FALSE(r.failed()) << r;
  const weft::report misuse = weft::explore(options_for(1), [] {
    weft::atomic<int> a{0};
    (void)weft::atomic_load_explicit(&a, std::memory_order_release);
  });
  EXPECT_EQ(misuse.kind(), failure_kind::misuse) << misuse;
  EXPECT_NE(misuse.location().file.find("atomic_test.cpp"), std::string::npos) << misuse;
}

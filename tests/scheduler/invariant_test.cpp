// weft::always and weft::eventually, checked at every scheduling point.
#include <gtest/gtest.h>

#include <mutex>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

// A transfer between two accounts. The buggy version keeps the balances in two atomics
// and moves the money in two steps, so the total is wrong in between; only an invariant
// checked mid-execution sees it (the final total is right). The fixed version keeps
// both balances in one atomic and moves the money in one compare-exchange.
struct balances {
  int a;
  int b;
};

void transfers(bool fixed) {
  weft::atomic<int> a{50};
  weft::atomic<int> b{50};
  weft::atomic<balances> both{balances{50, 50}};
  auto total_is_100 = weft::always(
      [&] {
        const balances now = fixed ? both.load() : balances{a.load(), b.load()};
        return now.a + now.b == 100;
      },
      "a + b == 100");
  weft::thread t([&] {
    if (fixed) {
      balances seen = both.load();
      while (!both.compare_exchange_weak(seen, balances{seen.a - 10, seen.b + 10})) {
      }
    } else {
      a.fetch_sub(10);
      b.fetch_add(10);
    }
  });
  t.join();
}

}  // namespace

TEST(Invariants, AlwaysReportsTheFirstStepWhereItStopsHolding) {
  const weft::report buggy = weft::explore(options_for(50), [] { transfers(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
  EXPECT_NE(buggy.message().find("always(a + b == 100)"), std::string::npos) << buggy.message();
  EXPECT_NE(buggy.message().find("stopped holding at step"), std::string::npos) << buggy.message();
  EXPECT_EQ(buggy.trace().back().operation, "fetch_modify") << buggy;
  EXPECT_FALSE(weft::explore(options_for(50), [] { transfers(true); }).failed());
}

TEST(Invariants, EventuallyMustComeTrueWithinItsSteps) {
  auto body = [](bool ever) {
    weft::atomic<bool> done{false};
    auto finishes = weft::eventually([&] { return done.load(); }, 20, "done");
    weft::thread t([&] {
      weft::this_thread::yield();
      if (ever) done.store(true);
    });
    t.join();
  };
  const weft::report never = weft::explore(options_for(50), [&] { body(false); });
  ASSERT_EQ(never.kind(), failure_kind::assertion) << never;
  EXPECT_NE(never.message().find("eventually(done)"), std::string::npos) << never.message();
  EXPECT_FALSE(weft::explore(options_for(50), [&] { body(true); }).failed());
}

// An invariant is weft looking at the state between two operations, not an access of the
// thread that happens to run: reading a weft::shared<T> in it is no data race.
TEST(Invariants, ReadingSharedMemoryInAnInvariantIsNoDataRace) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::mutex m;
    weft::shared<int> balance{100};
    auto positive = weft::always([&] { return balance.read() >= 0; }, "balance >= 0");
    const auto withdraw = [&] {
      std::lock_guard hold(m);
      if (balance.read() >= 10) balance.write() -= 10;
    };
    weft::thread a(withdraw);
    weft::thread b(withdraw);
    a.join();
    b.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// Nor does an invariant's load of an atomic synchronize the running thread with anything:
// a race behind a relaxed load is still found with an invariant reading the flag (with
// seq_cst, so that its load, were it the running thread's, would read the flag's store
// and take what the writer did).
TEST(Invariants, AnInvariantsLoadDoesNotHideADataRace) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::shared<int> data;
    weft::atomic<int> flag{0};
    auto valid = weft::always([&] { return flag.load() >= 0; }, "flag >= 0");
    weft::thread writer([&] {
      data.write() = 42;
      flag.store(1);
    });
    while (flag.load(std::memory_order_relaxed) == 0) weft::this_thread::yield();
    weft::this_thread::yield();  // a point, where the invariant is evaluated as main runs
    WEFT_ASSERT(data.read() == 42);
    writer.join();
  });
  EXPECT_EQ(r.kind(), failure_kind::data_race) << r;
}

// A predicate that locks the mutex its threads use is a misuse that names the invariant
// (it was reported as the thread that happened to run relocking its own mutex); the
// next exploration runs invariants as usual.
TEST(Invariants, APredicateThatLocksIsAMisuseNamingTheInvariant) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::mutex m;
    int guarded = 0;
    auto positive = weft::always(
        [&] {
          std::lock_guard hold(m);
          return guarded >= 0;
        },
        "guarded >= 0");
    auto work = [&] {
      std::lock_guard hold(m);
      ++guarded;
    };
    weft::thread a(work), b(work);
    a.join();
    b.join();
  });
  EXPECT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_NE(r.message().find("invariant always(guarded >= 0) declared at"), std::string::npos) << r;
  EXPECT_NE(r.message().find("does lock mutex#"), std::string::npos) << r;
  EXPECT_EQ(r.message().find("again while holding it"), std::string::npos) << r;
  const weft::report after = weft::explore(options_for(100), [] { transfers(false); });
  EXPECT_EQ(after.kind(), failure_kind::assertion) << after;
}

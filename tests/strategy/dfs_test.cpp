// Exhaustive search with partial-order reduction: schedule counts for small programs
// match the number of orders of their conflicting operations.
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "classic_bugs.hpp"
#include "support.hpp"

using weft::failure_kind;

namespace {

weft::report search(const std::function<void()>& body, const char* strategy = "dfs") {
  weft::options opt = weft_test::options_for(0, strategy);
  opt.max_cancellations = 0;
  return weft::explore(opt, body);
}

void stores(bool same_location, int threads) {
  weft::atomic<int> cells[3] = {0, 0, 0};
  std::vector<weft::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] { cells[same_location ? 0 : t].store(t + 1); });
  }
  for (auto& w : workers) w.join();
}

}  // namespace

TEST(Dfs, IndependentStoresNeedOneScheduleConflictingOnesEveryOrder) {
  const weft::report independent = search([] { stores(false, 2); });
  EXPECT_FALSE(independent.failed()) << independent;
  EXPECT_TRUE(independent.complete());
  EXPECT_EQ(independent.executions(), 1u);

  const weft::report same = search([] { stores(true, 2); });
  EXPECT_TRUE(same.complete());
  EXPECT_EQ(same.executions(), 2u);

  // Three writers to one location: all 3! orders must be reached. Flanagan-Godefroid
  // with sleep sets is not optimal, and a thread that has not started yet never sleeps
  // (its first operation is unknown): some of the six run twice (optimal DPOR would not).
  std::set<std::vector<int>> orders;
  const weft::report three = search([&] {
    weft::atomic<int> x{0};
    std::vector<int> order;
    std::vector<weft::thread> writers;
    for (int t = 1; t <= 3; ++t) {
      writers.emplace_back([&, t] {
        x.store(t);
        order.push_back(t);
      });
    }
    for (auto& w : writers) w.join();
    orders.insert(order);
  });
  EXPECT_TRUE(three.complete());
  EXPECT_EQ(orders.size(), 6u);
  EXPECT_LE(three.executions(), 10u);

  const weft::report three_independent = search([] { stores(false, 3); });
  EXPECT_EQ(three_independent.executions(), 1u);
}

TEST(Dfs, StoreBufferingLitmusHasThreeSequentiallyConsistentOutcomes) {
  // t1: x = 1; r1 = y.   t2: y = 1; r2 = x.   Orders of (x=1, read x) and (y=1, read y):
  // four combinations, one of which is cyclic, so three schedules.
  const weft::report r = search([] {
    weft::atomic<int> x{0};
    weft::atomic<int> y{0};
    weft::thread a([&] {
      x.store(1);
      (void)y.load();
    });
    weft::thread b([&] {
      y.store(1);
      (void)x.load();
    });
    a.join();
    b.join();
  });
  EXPECT_TRUE(r.complete()) << r;
  EXPECT_EQ(r.executions(), 3u);
}

TEST(Dfs, TwoThreadsTakingOneMutexTryBothOrders) {
  const weft::report r = search([] {
    weft::mutex m;
    int owner_order = 0;
    auto take = [&](int who) {
      std::lock_guard g(m);
      owner_order = owner_order * 10 + who;
    };
    weft::thread a(take, 1);
    weft::thread b(take, 2);
    a.join();
    b.join();
  });
  EXPECT_TRUE(r.complete()) << r;
  EXPECT_EQ(r.executions(), 2u);
}

TEST(Dfs, FindsTheLostUpdateAndAFailureIsNotAComplete) {
  const weft::report r = search(weft_test::lost_update);
  EXPECT_EQ(r.kind(), failure_kind::assertion) << r;
  EXPECT_FALSE(r.complete());
}

TEST(Dfs, PreemptionBoundPrunesSchedules) {
  const auto lost_update = weft_test::lost_update;
  const weft::report none = search(lost_update, "dfs:preemptions=0");
  EXPECT_FALSE(none.failed()) << "the bug needs a preemption\n" << none;
  // The bound left the failing schedule out: not complete, and the report says so.
  EXPECT_FALSE(none.complete()) << none;
  EXPECT_TRUE(none.bound_reached()) << none;
  // It said "every schedule ... was checked", as if the bound were not there.
  std::ostringstream text;
  text << none;
  EXPECT_NE(text.str().find("the schedules with at most 0 preemptions that partial-order reduction leads to"),
            std::string::npos)
      << none;
  std::ostringstream unreduced;
  unreduced << search(lost_update, "dfs:preemptions=0,reduction=off");
  EXPECT_NE(unreduced.str().find("every schedule with at most 0 preemptions was checked"), std::string::npos)
      << unreduced.str();
  EXPECT_EQ(search(lost_update, "dfs:preemptions=1").kind(), failure_kind::assertion);
  EXPECT_NE(text.str().find("schedules that need more were left out: the search was not complete"),
            std::string::npos)
      << none;
  // A bound the search never needed changes nothing: complete.
  const weft::report roomy = search([] {
    weft::atomic<int> x{0};
    weft::thread a([&] { x.store(1); });
    a.join();
  }, "dfs:preemptions=5");
  EXPECT_TRUE(roomy.complete()) << roomy;
  EXPECT_FALSE(roomy.bound_reached()) << roomy;
}

TEST(Dfs, SpinLoopsThatYieldTerminate) {
  const weft::report r = search([] {
    weft::atomic<bool> flag{false};
    weft::atomic<int> data{0};
    weft::thread waiter([&] {
      while (!flag.load()) weft::this_thread::yield();
      WEFT_ASSERT(data.load() == 42);
    });
    data.store(42);
    flag.store(true);
    waiter.join();
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_TRUE(r.complete());
}

namespace {

// Mutual exclusion for two threads from atomics alone (sequentially consistent).
// Dekker: raise my flag; while the other's is up, if it is the other's turn lower mine,
// wait for my turn, raise it again. The broken variant checks the other's flag before
// raising its own.
void dekker(bool broken) {
  weft::atomic<bool> wants[2] = {false, false};
  weft::atomic<int> turn{0};
  weft::atomic<int> inside{0};  // atomic: a scheduling point inside the critical section
  auto worker = [&](int me) {
    const int other = 1 - me;
    if (broken) {
      while (wants[other].load()) weft::this_thread::yield();
      wants[me].store(true);
    } else {
      wants[me].store(true);
      while (wants[other].load()) {
        if (turn.load() != me) {
          wants[me].store(false);
          while (turn.load() != me) weft::this_thread::yield();
          wants[me].store(true);
        }
      }
    }
    inside.fetch_add(1);
    WEFT_ASSERT(inside.load() == 1, "both threads in the critical section");
    inside.fetch_sub(1);
    turn.store(other);
    wants[me].store(false);
  };
  weft::thread a(worker, 0);
  weft::thread b(worker, 1);
  a.join();
  b.join();
}

}  // namespace

TEST(Dfs, PetersonIsCorrectAndItsBrokenFlagOrderIsFound) {
  const weft::report correct = search([] { weft_bench::peterson(false); });
  EXPECT_FALSE(correct.failed()) << correct;
  EXPECT_TRUE(correct.complete());
  EXPECT_EQ(search([] { weft_bench::peterson(true); }).kind(), failure_kind::assertion);
  EXPECT_EQ(weft::explore(weft_test::options_for(2000, "pct"), [] { weft_bench::peterson(true); }).kind(),
            failure_kind::assertion);
}

TEST(Dfs, DekkerIsCorrectAndItsBrokenFlagOrderIsFound) {
  const weft::report correct = search([] { dekker(false); });
  EXPECT_FALSE(correct.failed()) << correct;
  EXPECT_TRUE(correct.complete());
  EXPECT_EQ(search([] { dekker(true); }).kind(), failure_kind::assertion);
  EXPECT_EQ(weft::explore(weft_test::options_for(2000, "pct"), [] { dekker(true); }).kind(),
            failure_kind::assertion);
}

TEST(Dfs, ADoubleCheckIsNotTakenForASpin) {
  // Re-reading a flag once under a lock is a double check, not a spin: deprioritizing
  // that thread would hide the interleaving where the flag is published before the data.
  const weft::report r = search(weft_bench::double_checked_locking);
  EXPECT_EQ(r.kind(), failure_kind::assertion) << r;
}

TEST(Dfs, ARelockAfterAConditionWaitRacesWithOtherLockers) {
  // Two consumers wait with `if`; the second can take the item between the first one's
  // wakeup and its relock. Found without spurious wakeups, which dfs does not explore.
  const weft::report r = search(weft_bench::bounded_buffer_if);
  EXPECT_EQ(r.kind(), failure_kind::assertion) << r;
}

// Two readers and a writer storing twice: all nine pairs of values read are reachable,
// "t1 reads 1, t2 reads 0" included (t2 reads, main stores 1, t1 reads, main stores 2).
// A thread not started yet has not shown its first operation; taking it for independent
// put it to sleep through whole subtrees, and the search said "complete" after 8 runs.
TEST(Dfs, AThreadThatHasNotStartedIsNotAssumedIndependent) {
  std::set<std::pair<int, int>> read;
  const weft::report r = search([&] {
    weft::atomic<int> x{0};
    int a = -1;
    int b = -1;
    weft::thread t1([&] { a = x.load(); });
    weft::thread t2([&] { b = x.load(); });
    x.store(1);
    x.store(2);
    t1.join();
    t2.join();
    read.insert({a, b});
  });
  EXPECT_TRUE(r.complete()) << r;
  EXPECT_EQ(read.size(), 9u);
  EXPECT_TRUE(read.contains({1, 0}));
}

// Found by the differential test: t2's increment races with t1's second load of x even
// though main's later load of x happens before t2 (main starts it): the race is the last
// *unordered* conflicting event, not the last conflicting one.
TEST(Dfs, ARaceWithAnOlderLoadIsFoundPastAnOrderedYoungerOne) {
  std::set<std::vector<int>> outcomes;
  const weft::report r = search([&] {
    weft::atomic<int> x{0};
    weft::mutex m;
    int t1_first = -1, t1_second = -1, main_read = -1, t2_read = -1;
    weft::thread t1([&] {
      {
        const std::lock_guard guard(m);
        t1_first = x.load();
        x.store(t1_first + 1);
      }
      const std::lock_guard guard(m);
      t1_second = x.load();
      x.store(t1_second + 1);
    });
    main_read = x.load();
    weft::thread t2([&] { t2_read = x.fetch_add(1); });
    t1.join();
    t2.join();
    outcomes.insert({main_read, t2_read, t1_first, t1_second});
  });
  EXPECT_TRUE(r.complete()) << r;
  EXPECT_TRUE(outcomes.contains({1, 1, 0, 2})) << r;
}

// The waiter destroys the condition variable once it sees the flag; the setter notifies
// after its unlock, so the waiter may see the flag, return and destroy the condition
// variable first: a use after destruction. The destruction conflicts with the notify:
// taking the waiter's lock as independent of the notify (mutex against condition
// variable) slept through every schedule where the destruction comes first.
TEST(Dfs, DestroyingAConditionVariableRacesWithItsNotify) {
  const auto body = [](bool notify_under_lock) {
    return [notify_under_lock] {
      weft::mutex m;
      auto ready = std::make_unique<weft::condition_variable>();
      bool done = false;
      weft::thread setter([&] {
        std::unique_lock lock(m);
        done = true;
        if (notify_under_lock) {
          ready->notify_one();
          return;
        }
        lock.unlock();
        ready->notify_one();
      });
      {
        std::unique_lock lock(m);
        ready->wait(lock, [&] { return done; });
      }
      ready.reset();
      setter.join();
    };
  };
  const weft::report found = search(body(false));
  ASSERT_EQ(found.kind(), failure_kind::misuse) << found;
  EXPECT_NE(found.message().find("after t0 (main) destroyed it"), std::string::npos) << found.message();
  const weft::report fixed = search(body(true));
  EXPECT_TRUE(fixed.complete()) << fixed;
  EXPECT_FALSE(fixed.failed()) << fixed;
}

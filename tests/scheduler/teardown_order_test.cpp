// The order in which a failed execution is torn down: every thread is unwound youngest
// first and the body's locals die last, whichever thread found the failure, so that a
// thread's destructors never touch what an older thread's stack (or the body) owned.
// Each scenario runs on 100 seeds; a wrong order shows as a wrong destruction order, a
// crash, or (under AddressSanitizer) a use after free.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <weft/gtest.hpp>
#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

// Destruction order of the witnesses, over every execution of one exploration (a failing
// schedule is also replayed and minimized).
std::vector<std::string> destroyed;

// Whether `destroyed` is `order`, once per execution.
bool each_execution_destroyed(const std::vector<std::string>& order) {
  if (destroyed.empty() || destroyed.size() % order.size() != 0) return false;
  for (std::size_t i = 0; i < destroyed.size(); ++i) {
    if (destroyed[i] != order[i % order.size()]) return false;
  }
  return true;
}

struct witness {
  const char* name;
  ~witness() { destroyed.emplace_back(name); }
};

// A child locks `m`, then blocks holding it; `fail` is called by the body once the child
// holds the lock.
template <class Mutex, class Fail>
void fail_while_a_child_holds_a_lock(Mutex& m, Fail fail) {
  witness body_local{"body"};
  weft::channel<int> never(1);
  weft::atomic<bool> locked{false};
  weft::thread child([&] {
    witness child_local{"child"};
    std::lock_guard g(m);
    locked = true;
    never.recv();
  });
  while (!locked) weft::this_thread::yield();
  fail();
  child.join();
}

// One execution on `seed`, replayed as found (minimizing would try other schedules, which
// may fail otherwise).
weft::options one_execution(std::uint64_t seed) {
  weft::options opt = options_for(1, "random", seed);
  opt.minimize_seconds = 0;
  return opt;
}

// Runs `body` on 100 seeds; each execution must fail with `kind`, unwinding the child
// before the body.
template <class Explore>
void expect_children_unwound_first(Explore explore, failure_kind kind) {
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    destroyed.clear();
    const weft::report r = explore(one_execution(seed));
    ASSERT_EQ(r.kind(), kind) << "seed " << seed << "\n" << r;
    ASSERT_TRUE(each_execution_destroyed({"child", "body"}))
        << "seed " << seed << ": " << testing::PrintToString(destroyed);
  }
}

}  // namespace

TEST(TeardownOrder, AWeftAssertInTheBodyUnwindsTheChildFirst) {
  expect_children_unwound_first(
      [](const weft::options& opt) {
        return weft::explore(opt, [] {
          weft::mutex m;
          fail_while_a_child_holds_a_lock(m, [] { WEFT_ASSERT(false, "fails in the body"); });
        });
      },
      failure_kind::assertion);
}

TEST(TeardownOrder, AnExpectInTheBodyUnwindsTheChildFirst) {
  expect_children_unwound_first(
      [](const weft::options& opt) {
        return weft::explore_with_gtest(opt, [] {
          weft::mutex m;
          fail_while_a_child_holds_a_lock(m, [] { EXPECT_EQ(1, 2) << "fails in the body"; });
        });
      },
      failure_kind::assertion);
}

// ASSERT_* returns from the function it is in: the body's locals would die at once.
TEST(TeardownOrder, AnAssertReturningFromTheBodyUnwindsTheChildFirst) {
  expect_children_unwound_first(
      [](const weft::options& opt) {
        return weft::explore_with_gtest(opt, [] {
          weft::mutex m;
          witness body_local{"body"};
          weft::atomic<bool> locked{false};
          weft::channel<int> never(1);
          weft::thread child([&] {
            witness child_local{"child"};
            std::lock_guard g(m);
            locked = true;
            never.recv();
          });
          while (!locked) weft::this_thread::yield();
          ASSERT_EQ(1, 2) << "returns from the body";
          child.join();
        });
      },
      failure_kind::assertion);
}

TEST(TeardownOrder, AMutexOnTheHeapOutlivesTheChildThatHoldsIt) {
  expect_children_unwound_first(
      [](const weft::options& opt) {
        return weft::explore(opt, [] {
          auto m = std::make_unique<weft::mutex>();
          fail_while_a_child_holds_a_lock(*m, [] { WEFT_ASSERT(false, "fails in the body"); });
        });
      },
      failure_kind::assertion);
}

// The failure is found by a younger thread while the body waits for it: same order.
TEST(TeardownOrder, AFailureInAGrandchildUnwindsYoungestFirst) {
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    destroyed.clear();
    const weft::report r = weft::explore(one_execution(seed), [] {
      weft::mutex m;
      witness body_local{"body"};
      weft::thread child([&] {
        witness child_local{"child"};
        std::lock_guard g(m);
        weft::thread grandchild([] {
          witness grandchild_local{"grandchild"};
          WEFT_ASSERT(false, "fails in the grandchild");
        });
        grandchild.join();
      });
      child.join();
    });
    ASSERT_EQ(r.kind(), failure_kind::assertion) << r;
    ASSERT_TRUE(each_execution_destroyed({"grandchild", "child", "body"})) << "seed " << seed;
  }
}

// Destroying a condition variable a thread waits on is reported; the waiter is unwound
// while the mutex it relocks still exists. (Without spurious wakeups, so that the waiter
// is surely waiting when the body sees `waiting` under the lock.)
TEST(TeardownOrder, DestroyingAConditionVariableWhileAThreadWaitsIsAMisuse) {
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    weft::options opt = one_execution(seed);
    opt.spurious_wakeups = false;
    const weft::report r = weft::explore(opt, [] {
      weft::mutex m;
      auto cv = std::make_unique<weft::condition_variable>();
      bool waiting = false;
      weft::thread waiter([&] {
        std::unique_lock lock(m);
        waiting = true;
        cv->wait(lock);
      });
      for (;;) {
        std::lock_guard g(m);
        if (waiting) break;
      }
      cv.reset();
      waiter.join();
    });
    ASSERT_EQ(r.kind(), failure_kind::misuse) << "seed " << seed << "\n" << r;
    ASSERT_NE(r.message().find("destroyed while t1 waits on it"), std::string::npos) << r;
  }
}

namespace {

// A waiter blocks on the object `make` gives (through `wait_on`); the body lets it run
// until it surely waits (a yielding thread lets the others go first), then destroys it.
// (Not minimized: a shorter schedule destroys the object before the waiter uses it.)
template <class Object, class Make, class Wait>
weft::report destroyed_while_waited(Make make, Wait wait_on) {
  weft::options opt = options_for(20);
  opt.minimize_seconds = 0;
  return weft::explore(opt, [&] {
    std::unique_ptr<Object> object = make();
    weft::thread waiter([&, raw = object.get()] { wait_on(*raw); });
    for (int i = 0; i < 64; ++i) weft::this_thread::yield();
    object.reset();
    waiter.join();
  });
}

void expect_destroyed_while_waited(const weft::report& r) {
  EXPECT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_NE(r.message().find("destroyed while t1 waits on it"), std::string::npos) << r;
}

}  // namespace

// Each was reported as a deadlock whose waiter still waited on an object that no longer
// existed, as a condition variable's was not.
TEST(TeardownOrder, DestroyingAnyPrimitiveAThreadWaitsOnIsAMisuse) {
  expect_destroyed_while_waited(destroyed_while_waited<weft::channel<int>>(
      [] { return std::make_unique<weft::channel<int>>(1); }, [](weft::channel<int>& c) { (void)c.recv(); }));
  expect_destroyed_while_waited(destroyed_while_waited<weft::counting_semaphore<1>>(
      [] { return std::make_unique<weft::counting_semaphore<1>>(0); },
      [](weft::counting_semaphore<1>& s) { s.acquire(); }));
  expect_destroyed_while_waited(destroyed_while_waited<weft::latch>(
      [] { return std::make_unique<weft::latch>(1); }, [](weft::latch& l) { l.wait(); }));
  expect_destroyed_while_waited(destroyed_while_waited<weft::barrier<>>(
      [] { return std::make_unique<weft::barrier<>>(2); }, [](weft::barrier<>& b) { b.arrive_and_wait(); }));
  expect_destroyed_while_waited(destroyed_while_waited<weft::atomic<int>>(
      [] { return std::make_unique<weft::atomic<int>>(0); }, [](weft::atomic<int>& a) { a.wait(0); }));
}

// t1 runs the once flag's function (it waits on a latch), t2 waits for t1 to finish it.
TEST(TeardownOrder, DestroyingAOnceFlagAThreadWaitsOnIsAMisuse) {
  weft::options opt = options_for(20);
  opt.minimize_seconds = 0;
  const weft::report r = weft::explore(opt, [] {
    auto once = std::make_unique<weft::once_flag>();
    weft::latch never(1);
    weft::thread runner([&, raw = once.get()] { weft::call_once(*raw, [&] { never.wait(); }); });
    weft::thread waiter([&, raw = once.get()] { weft::call_once(*raw, [] {}); });
    for (int i = 0; i < 64; ++i) weft::this_thread::yield();
    once.reset();
    never.count_down();
    runner.join();
    waiter.join();
  });
  EXPECT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_NE(r.message().find("destroyed while t2 waits on it"), std::string::npos) << r;
}

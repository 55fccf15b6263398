// Condition variables under exploration: the classic bugs are found, correct code passes.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <mutex>
#include <stop_token>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

// A bounded buffer of capacity 2; one producer of 6 items, two consumers of 3 each.
// `guarded_by_while` false waits with `if` instead of a predicate loop.
void bounded_buffer(bool guarded_by_while) {
  weft::mutex m;
  weft::condition_variable not_full;
  weft::condition_variable not_empty;
  std::deque<int> items;
  auto wait = [&](weft::condition_variable& cv, std::unique_lock<weft::mutex>& l, auto ready) {
    if (guarded_by_while) {
      cv.wait(l, ready);
    } else if (!ready()) {
      cv.wait(l);
    }
  };
  weft::thread producer([&] {
    for (int i = 0; i < 6; ++i) {
      std::unique_lock l(m);
      wait(not_full, l, [&] { return items.size() < 2; });
      WEFT_ASSERT(items.size() < 2, "pushed into a full buffer");
      items.push_back(i);
      not_empty.notify_one();
    }
  });
  auto consume = [&] {
    for (int i = 0; i < 3; ++i) {
      std::unique_lock l(m);
      wait(not_empty, l, [&] { return !items.empty(); });
      WEFT_ASSERT(!items.empty(), "popped from an empty buffer");
      items.pop_front();
      not_full.notify_one();
    }
  };
  weft::thread c1(consume);
  weft::thread c2(consume);
  producer.join();
  c1.join();
  c2.join();
}

}  // namespace

TEST(ConditionVariable, IfInsteadOfWhileIsFoundAndThePredicateLoopPasses) {
  const weft::report buggy = weft::explore(options_for(2000), [] { bounded_buffer(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
  const weft::report fixed = weft::explore(options_for(2000), [] { bounded_buffer(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
}

// A wait without a predicate loop fails through a spurious wakeup alone: the report says
// the wakeup was one, in the trace and among what the exploration injected.
TEST(ConditionVariable, ASpuriousWakeupIsShownAsInjected) {
  const weft::report r = weft::explore(options_for(2000), [] {
    weft::mutex m;
    weft::condition_variable cv;
    bool ready = false;
    weft::thread waiter([&] {
      std::unique_lock l(m);
      if (!ready) cv.wait(l);
      WEFT_ASSERT(ready, "woke before ready");
    });
    {
      std::lock_guard g(m);
      ready = true;
    }
    cv.notify_one();
    waiter.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::assertion) << r;
  const auto spurious = [](const weft::trace_event& e) {
    return e.operation == "woken spuriously on" && e.object == "condition_variable#2";
  };
  EXPECT_TRUE(std::any_of(r.trace().begin(), r.trace().end(), spurious)) << r;
  EXPECT_TRUE(std::any_of(r.injected().begin(), r.injected().end(), spurious)) << r;
}

TEST(ConditionVariable, LostWakeupIsADeadlock) {
  auto body = [](bool fixed) {
    weft::mutex m;
    weft::condition_variable cv;
    bool ready = false;
    weft::thread waiter([&] {
      std::unique_lock l(m);
      if (fixed) {
        cv.wait(l, [&] { return ready; });
      } else {
        cv.wait(l);  // no predicate: a notify before the wait is lost
      }
    });
    {
      std::lock_guard g(m);
      ready = true;
    }
    cv.notify_one();
    waiter.join();
  };
  weft::options opt = options_for(500);
  opt.spurious_wakeups = false;
  const weft::report buggy = weft::explore(opt, [&] { body(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::deadlock) << buggy;
  EXPECT_EQ(buggy.threads()[1].operation, "wait") << buggy;
  EXPECT_FALSE(weft::explore(opt, [&] { body(true); }).failed());
}

TEST(ConditionVariable, NotifyOneWakesOneWaiterNotifyAllWakesAll) {
  auto body = [](bool notify_all) {
    weft::mutex m;
    weft::condition_variable cv;
    int go = 0;
    auto waiter = [&] {
      std::unique_lock l(m);
      cv.wait(l, [&] { return go > 0; });
      --go;
    };
    weft::thread a(waiter);
    weft::thread b(waiter);
    {
      std::lock_guard g(m);
      go = 2;
    }
    if (notify_all) {
      cv.notify_all();
    } else {
      cv.notify_one();
    }
    a.join();
    b.join();
  };
  weft::options opt = options_for(300);
  opt.spurious_wakeups = false;
  // Two permits but one notify: when both already wait, one of them waits forever.
  EXPECT_EQ(weft::explore(opt, [&] { body(false); }).kind(), failure_kind::deadlock);
  const weft::report all = weft::explore(opt, [&] { body(true); });
  EXPECT_FALSE(all.failed()) << all;
}

namespace {

// Two waiters on one condition variable, each locking its own mutex unless `shared_mutex`.
void two_waiters(bool shared_mutex) {
  weft::mutex first;
  weft::mutex second;
  weft::condition_variable cv;
  weft::atomic<bool> go{false};
  auto waiter = [&](weft::mutex& m) {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return go.load(); });
  };
  weft::thread a([&] { waiter(first); });
  weft::thread b([&] { waiter(shared_mutex ? first : second); });
  for (int i = 0; i < 64; ++i) weft::this_thread::yield();
  {
    const std::lock_guard hold(first);
    go = true;
  }
  cv.notify_all();
  a.join();
  b.join();
}

}  // namespace

// std and POSIX leave waits with different mutexes at once undefined; weft let them be.
TEST(ConditionVariable, WaitingWithTwoMutexesAtOnceIsMisuse) {
  weft::options opt = options_for(50);
  opt.spurious_wakeups = false;
  const weft::report r = weft::explore(opt, [] { two_waiters(false); });
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_NE(r.message().find("every thread waiting at once must use the same mutex"), std::string::npos) << r;
  EXPECT_FALSE(weft::explore(opt, [] { two_waiters(true); }).failed());
}

TEST(ConditionVariableAny, StopTokenEndsAWaitWithoutLosingTheLock) {
  const weft::report r = weft::explore(options_for(500), [] {
    weft::mutex m;
    weft::condition_variable_any cv;
    bool item = false;
    weft::atomic<int> outcome{0};
    weft::jthread worker([&](std::stop_token stop) {
      std::unique_lock l(m);
      const bool got = cv.wait(l, stop, [&] { return item; });
      WEFT_ASSERT(l.owns_lock(), "the lock was not reacquired");
      outcome.store(got ? 1 : 2);
    });
    worker.request_stop();
    worker.join();
    WEFT_ASSERT(outcome.load() == 2, "a stopped wait reported an item");
  });
  EXPECT_FALSE(r.failed()) << r;
}

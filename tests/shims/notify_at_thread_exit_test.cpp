// weft::notify_all_at_thread_exit: at the thread's very end, after its thread_specific
// values are gone, a notify_all and then the unlock (LWG 3343's order).
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;
using weft_test::search;

namespace {

// A thread's per-thread state whose destructor writes what the waiter reads afterwards.
struct counted_cleanup {
  weft::shared<int>* cleanups = nullptr;
  ~counted_cleanup() {
    if (cleanups != nullptr) cleanups->write() += 1;
  }
};

// How the worker tells the waiter it is done.
enum class ending {
  at_thread_exit,       // notify_all_at_thread_exit
  notify_then_unlock,   // by hand at the end of its function: before its thread_specifics go
  unlock_then_notify,   // the same, in the order LWG 3343 rules out
};

// std's example: a worker, detached or joined at the end, sets the data and says so; the
// waiter waits with a predicate, reads what the worker's per-thread state did (but for
// unlock_then_notify, whose worker has none: its test is about the condition variable
// alone), and destroys the condition variable at once.
void example(ending how, bool detached) {
  weft::shared<int> cleanups;
  weft::thread_specific<counted_cleanup> per_thread;
  weft::mutex m;
  auto cv = std::make_unique<weft::condition_variable>();
  bool ready = false;
  weft::thread worker([&, cond = cv.get()] {
    if (how != ending::unlock_then_notify) per_thread->cleanups = &cleanups;  // made before the registration
    std::unique_lock lock(m);
    ready = true;
    switch (how) {
      case ending::at_thread_exit:
        weft::notify_all_at_thread_exit(*cond, std::move(lock));
        break;
      case ending::notify_then_unlock:
        cond->notify_all();
        break;
      case ending::unlock_then_notify:
        lock.unlock();
        cond->notify_all();
        break;
    }
  });
  if (detached) worker.detach();
  {
    std::unique_lock lock(m);
    cv->wait(lock, [&] { return ready; });
  }
  cv.reset();
  if (how != ending::unlock_then_notify) {
    WEFT_ASSERT(cleanups.read() == 1, "the worker's thread_specific value was not destroyed yet");
  }
  if (!detached) worker.join();
}

}  // namespace

TEST(NotifyAllAtThreadExit, StdsExampleIsCleanEvenWhenTheWaiterDestroysTheConditionVariable) {
  for (const bool detached : {true, false}) {
    const weft::report every = search([&] { example(ending::at_thread_exit, detached); });
    EXPECT_FALSE(every.failed()) << every;
    EXPECT_TRUE(every.complete());
    // dfs's reduction misses a waiter that destroys the condition variable before a
    // notify (see UnlockingBeforeNotifying... below); a random walk does not.
    const weft::report walked = weft::explore(options_for(1000), [&] { example(ending::at_thread_exit, detached); });
    EXPECT_FALSE(walked.failed()) << walked;
  }
}

// Without it, the worker's thread_specific value is destroyed after the waiter went on.
TEST(NotifyAllAtThreadExit, NotifyingByHandRacesWithTheThreadsLastDestructors) {
  const weft::report r = search([] { example(ending::notify_then_unlock, true); });
  EXPECT_EQ(r.kind(), failure_kind::data_race) << r;
}

// What the order of notify and unlock is for: a waiter that takes the mutex as soon as it
// is free may return and destroy the condition variable before the notify (joined: a
// detached worker would still be running when the body returns, a leak reported first).
// A random walk: dfs's reduction takes the waiter's lock for independent of the notify.
TEST(NotifyAllAtThreadExit, UnlockingBeforeNotifyingLetsTheWaiterDestroyTheConditionVariableFirst) {
  const weft::report r = weft::explore(options_for(1000), [] { example(ending::unlock_then_notify, false); });
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_NE(r.message().find("destroyed"), std::string::npos) << r;
}

// The notification is at the thread's end, once: a waiter that waits without checking
// first sleeps forever when the worker ended before it waited.
TEST(NotifyAllAtThreadExit, AWaitWithoutAPredicateMissesANotificationThatCameFirst) {
  const weft::report r = search([] {
    weft::mutex m;
    weft::condition_variable cv;
    weft::thread worker([&] { weft::notify_all_at_thread_exit(cv, std::unique_lock(m)); });
    {
      std::unique_lock lock(m);
      cv.wait(lock);
    }
    worker.join();
  });
  EXPECT_EQ(r.kind(), failure_kind::deadlock) << r;
}

TEST(NotifyAllAtThreadExit, ALockThatHoldsNoMutexIsAMisuse) {
  const weft::report r = weft::explore(options_for(5), [] {
    weft::mutex m;
    weft::condition_variable cv;
    weft::notify_all_at_thread_exit(cv, std::unique_lock(m, std::defer_lock));
  });
  EXPECT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_NE(r.message().find("does not hold its mutex"), std::string::npos) << r;
}

// The scheduler's bookkeeping of who can run (scheduler/src/execution/choosing.cpp): the
// runnable set kept as states change, past the handful of threads it scans linearly and
// through a mutex's many waiters at once, and the list of waits whose timeouts may fire
// early. A thread missing from the set never runs (a deadlock is reported), one left in
// it too long is picked while it cannot run (the execution fails), and a wait left in
// the timeout list is ended as timed out when it has no timeout.
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

using weft_test::options_for;

namespace {

// 40 threads (far more than the set scans linearly) contend for one mutex: each unlock
// makes every waiter runnable at once and the next lock blocks them all again.
void forty_threads_contend_for_one_mutex() {
  weft::mutex m;
  int x = 0;
  std::vector<weft::thread> threads;
  for (int t = 0; t < 40; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) {
        const std::lock_guard hold(m);
        ++x;
      }
    });
  }
  for (weft::thread& t : threads) t.join();
  WEFT_ASSERT(x == 120);
}

TEST(RunnableSet, ManyThreadsContendingForOneMutexAllRunUnderEveryStrategy) {
  for (const char* strategy : {"random", "pct", "pos"}) {
    const weft::report r = weft::explore(options_for(30, strategy), forty_threads_contend_for_one_mutex);
    EXPECT_FALSE(r.failed()) << strategy << "\n" << r;
  }
}

// Each thread first waits with a timeout (which may fire early, or at its deadline),
// then waits without one until main opens the latch, after main's one-hour sleep.
TEST(RunnableSet, AWaitWithoutATimeoutIsNeverEndedAsOneAfterATimedWait) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::counting_semaphore<4> never_released(0);
    weft::latch open(1);
    bool opened = false;
    std::vector<weft::thread> threads;
    for (int t = 0; t < 20; ++t) {
      threads.emplace_back([&, t] {
        WEFT_ASSERT(!never_released.try_acquire_for(std::chrono::milliseconds(10 + t)));
        open.wait();
        WEFT_ASSERT(opened, "a wait without a timeout ended before the latch opened");
      });
    }
    weft::this_thread::sleep_for(std::chrono::hours(1));
    opened = true;
    open.count_down();
    for (weft::thread& t : threads) t.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

}  // namespace

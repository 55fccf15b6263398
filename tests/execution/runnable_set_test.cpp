// The scheduler's bookkeeping of who can run (scheduler/src/execution/choosing.cpp): the
// runnable set kept as states change, past the handful of threads it scans linearly and
// through many threads made runnable at once, which of them a strategy is offered while a
// lock is held, and the list of waits whose timeouts may fire early. A thread missing from the set never runs (a deadlock is reported), one left in
// it too long is picked while it cannot run (the execution fails), and a wait left in
// the timeout list is ended as timed out when it has no timeout.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "execution/execution.hpp"
#include "fiber/fiber_backend.hpp"
#include "strategy/strategy.hpp"
#include "support.hpp"

using weft_test::options_for;

namespace {

// 40 threads (far more than the set scans linearly) contend for one mutex, each
// passing a scheduling point while it holds it (the atomic's operation), where the others
// may reach their lock: each unlock makes every thread at its lock a choice again at once,
// and the next lock takes them all out of the choice again.
void forty_threads_contend_for_one_mutex() {
  weft::mutex m;
  weft::atomic<int> x{0};
  std::vector<weft::thread> threads;
  for (int t = 0; t < 40; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) {
        const std::lock_guard hold(m);
        x.store(x.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      }
    });
  }
  for (weft::thread& t : threads) t.join();
  WEFT_ASSERT(x.load() == 120);
}

// 40 threads wait on one condition variable; main opens the gate and wakes them all at
// once, then passes a point while it still holds the mutex they must each relock.
void forty_threads_woken_at_once() {
  weft::mutex m;
  weft::condition_variable gate;
  bool open = false;
  weft::atomic<int> passed{0};
  std::vector<weft::thread> threads;
  for (int t = 0; t < 40; ++t) {
    threads.emplace_back([&] {
      std::unique_lock hold(m);
      while (!open) gate.wait(hold);
      passed.fetch_add(1);
    });
  }
  {
    const std::lock_guard hold(m);
    open = true;
    gate.notify_all();
    (void)passed.load();
  }
  for (weft::thread& t : threads) t.join();
  WEFT_ASSERT(passed.load() == 40);
}

// One writer passes points while it holds a shared_mutex exclusively; 20 readers take it
// shared, passing none while they hold it.
void readers_behind_one_writer() {
  weft::shared_mutex m;
  weft::atomic<int> x{0};
  std::vector<weft::thread> threads;
  threads.emplace_back([&] {
    for (int i = 0; i < 3; ++i) {
      const std::lock_guard hold(m);
      x.store(x.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }
  });
  for (int t = 0; t < 20; ++t) {
    threads.emplace_back([&] { const std::shared_lock hold(m); });
  }
  for (weft::thread& t : threads) t.join();
  WEFT_ASSERT(x.load() == 3);
}

// Checks what every strategy is promised at each choice (strategy.hpp's thread_choice):
// the runnable threads in ascending order, each once, at least two. Runs one of them
// at random, so that the waiters a mutex wakes together queued in every order.
class runnable_set_checker final : public weft::detail::strategy {
 public:
  bool begin_execution(std::uint64_t) override {
    offered = 0;
    return true;
  }
  weft::detail::thread_index next_thread(const weft::detail::thread_choice& choice) override {
    ++choices;
    largest = std::max(largest, choice.enabled.size());
    // Grown by two or more since the last choice (whose set had all the threads spawned
    // before it): several waiters of the mutex woken at once.
    if (offered != 0 && choice.enabled.size() >= offered + 2) ++merges;
    offered = choice.enabled.size();
    if (choice.enabled.size() < 2 || std::adjacent_find(choice.enabled.begin(), choice.enabled.end(),
                                                        std::greater_equal<>()) != choice.enabled.end()) {
      ++broken;
    }
    random ^= random << 13;
    random ^= random >> 7;
    random ^= random << 17;
    return choice.enabled[random % choice.enabled.size()];
  }
  std::uint64_t next_value(const weft::detail::value_choice& choice) override { return choice.fallback; }
  std::string describe() const override { return "runnable_set_checker"; }

  std::uint64_t choices = 0;
  std::size_t largest = 0;
  std::uint64_t broken = 0;
  std::uint64_t merges = 0;

 private:
  std::size_t offered = 0;
  std::uint64_t random = 0x9e3779b97f4a7c15ULL;  // xorshift64
};

// Five executions of each of the bodies above, chosen by `chooser`; none may fail.
void run_five_of_each(weft::detail::strategy& chooser) {
  weft::detail::fiber_backend fibers(weft::options{}.stack_size);
  weft::detail::execution ex(chooser, weft::detail::execution_config{}, fibers);
  for (void (*body)() : {forty_threads_contend_for_one_mutex, forty_threads_woken_at_once, readers_behind_one_writer}) {
    for (std::uint64_t run = 0; run < 5; ++run) {
      chooser.begin_execution(run);  // what explore() does before each execution
      ex.run(body);
      ASSERT_FALSE(ex.failed()) << ex.failure().message;
    }
  }
}

TEST(RunnableSet, EveryChoiceOffersTheRunnableThreadsInAscendingOrder) {
  runnable_set_checker checker;
  run_five_of_each(checker);
  EXPECT_GT(checker.largest, 16u);  // past the handful scanned linearly
  EXPECT_GT(checker.merges, 0u);    // several threads runnable again at once (a notify_all, an unlock)
  EXPECT_EQ(checker.broken, 0u) << "of " << checker.choices << " choices";
}

// Chooses at random and counts the choices after which the chosen thread blocked on a
// mutex before the next choice: it was offered while its lock could only wait.
class lock_wait_counter final : public weft::detail::strategy {
 public:
  bool begin_execution(std::uint64_t) override {
    chosen = weft::detail::no_thread;
    return true;
  }
  weft::detail::thread_index next_thread(const weft::detail::thread_choice& choice) override {
    ++choices;
    random ^= random << 13;
    random ^= random >> 7;
    random ^= random << 17;
    chosen = choice.enabled[random % choice.enabled.size()];
    return chosen;
  }
  std::uint64_t next_value(const weft::detail::value_choice& choice) override { return choice.fallback; }
  bool observes_events() const override { return true; }
  void executed(weft::detail::thread_index thread, const weft::detail::pending_op& event) override {
    if (thread != chosen || event.what != weft::detail::op::blocked) return;
    if (event.kind == weft::detail::object_kind::mutex) ++waited_for_mutex;
    if (event.kind == weft::detail::object_kind::shared_mutex) ++waited_for_shared_mutex;
    chosen = weft::detail::no_thread;  // counted once per choice
  }
  std::string describe() const override { return "lock_wait_counter"; }

  std::uint64_t choices = 0;
  std::uint64_t waited_for_mutex = 0;
  std::uint64_t waited_for_shared_mutex = 0;

 private:
  weft::detail::thread_index chosen = weft::detail::no_thread;
  std::uint64_t random = 0x9e3779b97f4a7c15ULL;  // xorshift64
};

// A thread whose next step locks a mutex another thread owns would only wait there if
// chosen (execution::without_blocked_lockers): no strategy is offered it, whether it is
// at a lock() (the contending threads), woken from a wait it must relock after (the
// gate), or at a lock_shared() while a writer holds the mutex (the readers). Before,
// about one choice in three of the first body ran a thread straight into the held mutex.
TEST(RunnableSet, AThreadWhoseLockWouldWaitIsNotOffered) {
  lock_wait_counter counter;
  run_five_of_each(counter);
  EXPECT_GT(counter.choices, 500u);
  EXPECT_EQ(counter.waited_for_mutex, 0u) << "of " << counter.choices << " choices";
  EXPECT_EQ(counter.waited_for_shared_mutex, 0u) << "of " << counter.choices << " choices";
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

// A test binary linked with weft::interpose: bodies written with std::thread, std::mutex,
// std::condition_variable, std::call_once and std::this_thread::sleep_for, not one weft
// type, are explored like bodies written against weft's shims.
#undef NDEBUG  // the assert() below is part of the test
#include <gtest/gtest.h>
#include <pthread.h>
#include <semaphore.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <condition_variable>
#include <mutex>
#include <barrier>
#include <latch>
#include <queue>
#include <semaphore>
#include <set>
#include <thread>

#include <weft/explore.hpp>
#include <weft/gtest.hpp>

#include "support.hpp"

using weft_test::options_for;

namespace {

// Two deposits, each reading the balance under the lock and writing it back under a
// second hold of it: an update is lost when both read before either writes.
void deposits(bool fixed) {
  std::mutex m;
  int balance = 0;
  auto deposit = [&] {
    if (fixed) {
      const std::lock_guard hold(m);
      ++balance;
      return;
    }
    int seen;
    {
      const std::lock_guard hold(m);
      seen = balance;
    }
    const std::lock_guard hold(m);
    balance = seen + 1;
  };
  std::thread a(deposit), b(deposit);
  a.join();
  b.join();
  const std::lock_guard hold(m);
  EXPECT_EQ(balance, 2) << "a deposit was lost";
}

// Two transfers lock two accounts in opposite orders (fixed: both lock with std::scoped_lock).
void transfers(bool fixed) {
  std::mutex from, to;
  auto transfer = [&](std::mutex& first, std::mutex& second) {
    if (fixed) {
      const std::scoped_lock both(first, second);
      return;
    }
    const std::lock_guard a(first);
    const std::lock_guard b(second);
  };
  std::thread t(transfer, std::ref(from), std::ref(to));
  transfer(to, from);
  t.join();
}

}  // namespace

TEST(Interpose, ALostUpdateBetweenStdThreadsIsFoundAndReplays) {
  const weft::report found = weft::explore_with_gtest(options_for(1000), [] { deposits(false); });
  ASSERT_EQ(found.kind(), weft::failure_kind::assertion) << found;
  EXPECT_NE(found.message().find("a deposit was lost"), std::string::npos) << found;
  const weft::report again = weft::replay_with_gtest(found.replay_token(), [] { deposits(false); }, options_for(1));
  EXPECT_EQ(again.kind(), weft::failure_kind::assertion) << again;
  const weft::report fixed = weft::explore_with_gtest(options_for(0, "dfs"), [] { deposits(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
  EXPECT_TRUE(fixed.complete()) << fixed;
}

TEST(Interpose, ADeadlockOfStdMutexesIsReportedWithTheCallersLines) {
  const weft::report found = weft::explore(options_for(1000), [] { transfers(false); });
  ASSERT_EQ(found.kind(), weft::failure_kind::deadlock) << found;
  const std::string text = (std::ostringstream() << found).str();
  EXPECT_NE(text.find("std_types_test.cpp"), std::string::npos) << text;
  const weft::report fixed = weft::explore(options_for(0, "dfs"), [] { transfers(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
}

TEST(Interpose, AnHourOfSleepIsVirtualAndConditionVariablesWaitForReal) {
  const auto started = std::chrono::steady_clock::now();
  const weft::report r = weft::explore(options_for(200), [] {
    std::mutex m;
    std::condition_variable ready;
    std::queue<int> items;
    const auto before = std::chrono::steady_clock::now();
    std::thread producer([&] {
      std::this_thread::sleep_for(std::chrono::hours(1));
      const std::lock_guard hold(m);
      items.push(7);
      ready.notify_one();
    });
    std::unique_lock lock(m);
    ready.wait(lock, [&] { return !items.empty(); });
    WEFT_ASSERT(std::chrono::steady_clock::now() - before >= std::chrono::hours(1), "the sleep was not an hour");
    lock.unlock();
    producer.join();
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::minutes(1));
}

TEST(Interpose, ATimedWaitTimesOutInVirtualTime) {
  const weft::report r = weft::explore(options_for(100), [] {
    std::mutex m;
    std::condition_variable never;
    std::unique_lock lock(m);
    const bool notified = never.wait_for(lock, std::chrono::seconds(30), [] { return false; });
    WEFT_ASSERT(!notified);
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A loop that waits for a deadline by reading std's clock, and does nothing else, ends:
// time passes while a thread only reads the clock, as with weft's clocks (it stalled).
TEST(Interpose, ALoopThatOnlyReadsTheClockReachesItsDeadline) {
  const weft::report r = weft::explore(options_for(10), [] {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
    auto now = std::chrono::steady_clock::now();
    while (now < end) now = std::chrono::steady_clock::now();
    WEFT_ASSERT(now - end < std::chrono::milliseconds(20), "time passed in steps too large for the deadline");
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Interpose, CallOnceAndThreadIdentityArePerThread) {
  const weft::report r = weft::explore(options_for(300), [] {
    std::once_flag once;
    int initialized = 0;
    std::mutex m;
    std::set<std::thread::id> ids;
    auto work = [&] {
      std::call_once(once, [&] { ++initialized; });
      const std::lock_guard hold(m);
      ids.insert(std::this_thread::get_id());
    };
    std::thread a(work), b(work);
    work();
    a.join();
    b.join();
    WEFT_ASSERT(initialized == 1, "call_once ran its function more than once");
    WEFT_ASSERT(ids.size() == 3, "two threads had the same std::thread::id");
  });
  EXPECT_FALSE(r.failed()) << r;
}

// As the C library: joining oneself is EDEADLK, not a misuse (it was reported as joining
// a thread that is not joinable), in the main thread and in one pthread_create made.
TEST(Interpose, JoiningOneselfIsEdeadlk) {
  const weft::report r = weft::explore(options_for(20), [] {
    WEFT_ASSERT(pthread_join(pthread_self(), nullptr) == EDEADLK);
    pthread_t other;
    pthread_create(&other, nullptr, [](void*) -> void* {
      WEFT_ASSERT(pthread_join(pthread_self(), nullptr) == EDEADLK);
      return nullptr;
    }, nullptr);
    pthread_join(other, nullptr);
  });
  EXPECT_FALSE(r.failed()) << r;
}

// pthread_exit in the first thread (a program's main) runs its key destructors before it
// waits for the other threads: they ran only for pthread_create's threads, and a worker
// waiting for main's destructor to post was reported as a deadlock.
TEST(Interpose, PthreadExitInTheFirstThreadRunsItsKeyDestructors) {
  const weft::report r = weft::explore(options_for(50), [] {
    static sem_t main_gone;
    sem_init(&main_gone, 0, 0);
    pthread_key_t key;
    pthread_key_create(&key, [](void*) { sem_post(&main_gone); });
    static int value = 1;
    pthread_setspecific(key, &value);
    pthread_t worker;
    pthread_create(&worker, nullptr, [](void*) -> void* {
      sem_wait(&main_gone);
      return nullptr;
    }, nullptr);
    pthread_detach(worker);
    pthread_exit(nullptr);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Interpose, OutsideAnExplorationTheRealFunctionsRun) {
  std::mutex m;
  int count = 0;
  std::thread t([&] {
    const std::lock_guard hold(m);
    ++count;
  });
  t.join();
  EXPECT_EQ(count, 1);
  const auto before = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(20));
}

TEST(Interpose, SemaphoresLatchesBarriersAndAtomicWaitsBlockInTheSimulation) {
  const weft::report r = weft::explore(options_for(300), [] {
    std::counting_semaphore<4> items(0);
    std::latch both_done(2);
    std::barrier meeting(2);
    std::atomic<int> stage{0};
    auto producer = [&] {
      items.release();
      meeting.arrive_and_wait();
      both_done.count_down();
    };
    std::thread a(producer), b(producer);
    items.acquire();
    items.acquire();
    both_done.wait();
    std::thread waiter([&] { stage.wait(0); });
    stage.store(1);
    stage.notify_all();
    a.join();
    b.join();
    waiter.join();
    WEFT_ASSERT(!items.try_acquire(), "a third item appeared");
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Interpose, ASemaphoreNobodyReleasesIsADeadlockNotAHang) {
  const weft::report r = weft::explore(options_for(10), [] {
    std::binary_semaphore never(0);
    std::thread t([&] { never.acquire(); });
    t.join();
  });
  EXPECT_EQ(r.kind(), weft::failure_kind::deadlock) << r;
}

namespace {

int initializations = 0;

int& slow_static() {
  static int value = [] {
    ++initializations;
    std::this_thread::yield();  // the other thread reaches the static meanwhile, and waits
    return 42;
  }();
  return value;
}

}  // namespace

TEST(Interpose, AContendedFunctionLocalStaticIsInitializedOnce) {
  // One execution, not checked by a replay: the static stays initialized in the process.
  weft::options once = options_for(1);
  once.check_determinism = false;
  const weft::report r = weft::explore(once, [] {
    std::thread a([] { WEFT_ASSERT(slow_static() == 42); }), b([] { WEFT_ASSERT(slow_static() == 42); });
    a.join();
    b.join();
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_EQ(initializations, 1);
}

TEST(Interpose, AFailedAssertIsTheExecutionsFailureAtItsOwnLine) {
  const weft::report found = weft::explore(options_for(1000), [] {
    std::mutex m;
    int shared = 0;
    std::thread writer([&] {
      const std::lock_guard hold(m);
      shared = 1;
    });
    {
      const std::lock_guard hold(m);
      assert(shared == 1);
    }
    writer.join();
  });
  ASSERT_EQ(found.kind(), weft::failure_kind::assertion) << found;
  EXPECT_NE(found.message().find("assert(shared == 1) failed"), std::string::npos) << found;
  EXPECT_NE(found.location().file.find("std_types_test.cpp"), std::string::npos) << found;
}

WEFT_TEST(Interpose, AWeftTestOfStdTypesPasses) { deposits(true); }

// POSIX: after main's pthread_exit the process lives on until its last thread ends. It was
// reported as an uncaught exception of weft's own unwinding type.
TEST(Interpose, PthreadExitOnTheFirstThreadLetsTheOthersFinish) {
  static int bodies = 0;
  static int workers_finished = 0;
  bodies = workers_finished = 0;
  const weft::report r = weft::explore(options_for(50), [] {
    ++bodies;
    pthread_t worker;
    pthread_create(&worker, nullptr, [](void*) -> void* {
      sched_yield();
      ++workers_finished;
      return nullptr;
    }, nullptr);
    pthread_exit(nullptr);
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_GE(bodies, 50);
  EXPECT_EQ(workers_finished, bodies);
}

// POSIX runs a thread's key destructors before a join of it returns. The C library ran
// them after the thread had left the simulation: the join returned first, and the
// destructor's lock went to the C library, racing the next simulated thread.
TEST(Interpose, KeyDestructorsRunInsideTheSimulationBeforeTheJoinReturns) {
  static pthread_key_t key;
  static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  static int destroyed = 0;
  ASSERT_EQ(pthread_key_create(&key, [](void* value) {
              pthread_mutex_lock(&lock);
              ++destroyed;
              pthread_mutex_unlock(&lock);
              delete static_cast<int*>(value);
            }),
            0);
  const weft::report r = weft::explore(options_for(100), [] {
    destroyed = 0;
    pthread_t workers[2];
    for (pthread_t& worker : workers) {
      pthread_create(&worker, nullptr, [](void*) -> void* {
        pthread_setspecific(key, new int(1));
        return nullptr;
      }, nullptr);
    }
    for (pthread_t worker : workers) pthread_join(worker, nullptr);
    pthread_mutex_lock(&lock);
    const int seen = destroyed;
    pthread_mutex_unlock(&lock);
    WEFT_ASSERT(seen == 2);
  });
  pthread_key_delete(key);
  EXPECT_FALSE(r.failed()) << r;
}

// LeakSanitizer checks a process as it exits: in a forked child, the parent's memory that
// only the parent's other threads reach looks leaked. There the children end with _exit.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool leak_checked = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool leak_checked = true;
#else
constexpr bool leak_checked = false;
#endif
#else
constexpr bool leak_checked = false;
#endif

// The child of a fork() has none of the simulation: it believed itself a simulated thread
// and waited for ever for a turn from threads its process does not have. It may end with
// _exit, with exit (which runs its thread's thread_local destructors), or by returning
// from the body (its thread's function).
TEST(Interpose, AForkedChildRunsOutsideTheSimulation) {
  static std::mutex m;
  const weft::report r = weft::explore(options_for(20), [] {
    // A pthread, not a std::thread: a child returning from the body destroys no joinable
    // std::thread (std::terminate).
    pthread_t other;
    pthread_create(&other, nullptr, [](void*) -> void* {
      const std::lock_guard hold(m);
      return nullptr;
    }, nullptr);
    int statuses[3] = {};
    for (int how = 0; how < 3; ++how) {
      const pid_t child = ::fork();
      if (child == 0) {
        ::alarm(10);  // a child that hangs ends, and the parent sees it
        m.lock();
        m.unlock();
        if (how == 0 || leak_checked) ::_exit(how == 0 ? 7 : how == 1 ? 8 : 0);
        if (how == 1) std::exit(8);
        return;  // exits with status 0
      }
      ::waitpid(child, &statuses[how], 0);
    }
    pthread_join(other, nullptr);
    for (int how = 0; how < 3; ++how) {
      WEFT_ASSERT(WIFEXITED(statuses[how]) && WEXITSTATUS(statuses[how]) == (how == 0 ? 7 : how == 1 ? 8 : 0),
                  "a forked child did not run to its end");
    }
  });
  EXPECT_FALSE(r.failed()) << r;
}

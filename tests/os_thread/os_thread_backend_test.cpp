// The OS-thread backend: what code not written for weft expects of a thread (its own
// thread_locals, errno, identity) holds for every simulated thread, thread_local
// destructors run as part of their thread, and exploring, failing, tearing down and
// replaying work as on fibers.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sys/resource.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

using weft_test::options_for;

namespace {

weft::options on_os_threads(std::uint64_t iterations, const std::string& strategy = "random") {
  weft::options opt = options_for(iterations, strategy);
  opt.threads = weft::thread_backend::os_threads;
  return opt;
}

thread_local int index_of_this_thread = -1;

// Three threads write their index to a plain thread_local, then check it after others ran.
void threads_keep_their_own_thread_local() {
  auto work = [](int index) {
    index_of_this_thread = index;
    weft::this_thread::yield();
    WEFT_ASSERT(index_of_this_thread == index, "a thread saw another thread's thread_local");
  };
  weft::thread a(work, 1), b(work, 2);
  work(0);
  a.join();
  b.join();
}

}  // namespace

TEST(OsThreads, PlainThreadLocalsAreEachSimulatedThreadsOwn) {
  const weft::report own = weft::explore(on_os_threads(200), threads_keep_their_own_thread_local);
  EXPECT_FALSE(own.failed()) << own;
  weft::options fibers = options_for(200);
  fibers.threads = weft::thread_backend::fibers;
  const weft::report shared = weft::explore(fibers, threads_keep_their_own_thread_local);
  EXPECT_EQ(shared.kind(), weft::failure_kind::assertion) << shared;
}

TEST(OsThreads, ThreadLocalsStartFreshInEveryExecution) {
  const weft::report r = weft::explore(on_os_threads(50), [] {
    static thread_local int runs_seen_by_this_thread = 0;
    weft::thread t([] { WEFT_ASSERT(++runs_seen_by_this_thread == 1, "a thread_local kept its value"); });
    t.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(OsThreads, ErrnoAndIdentityArePerThread) {
  const weft::report r = weft::explore(on_os_threads(200), [] {
    const std::thread::id main_id = std::this_thread::get_id();
    const pthread_t main_self = pthread_self();
    weft::thread t([&] {
      errno = EAGAIN;
      WEFT_ASSERT(std::this_thread::get_id() != main_id && !pthread_equal(pthread_self(), main_self));
      weft::this_thread::yield();
      WEFT_ASSERT(errno == EAGAIN, "another thread's errno leaked into this one");
    });
    errno = EINTR;
    weft::this_thread::yield();
    WEFT_ASSERT(errno == EINTR, "another thread's errno leaked into main");
    t.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

namespace {

// Counts in a weft::atomic, from a thread_local destructor: a weft operation made while
// the simulated thread ends.
struct counts_at_exit {
  weft::atomic<int>* counter = nullptr;
  ~counts_at_exit() {
    if (counter != nullptr) counter->fetch_add(1);
  }
};
thread_local counts_at_exit exit_counter;

}  // namespace

TEST(OsThreads, ThreadLocalDestructorsRunBeforeTheThreadIsJoined) {
  const weft::report r = weft::explore(on_os_threads(100), [] {
    weft::atomic<int> ended{0};
    weft::thread t([&] { exit_counter.counter = &ended; });
    weft::thread u([&] { exit_counter.counter = &ended; });
    t.join();
    u.join();
    WEFT_ASSERT(ended.load() == 2, "a thread was joined before its thread_local destructors ran");
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(OsThreads, ALostUpdateIsFoundAndItsTokenReplays) {
  auto lost_update = [] {
    weft::atomic<int> balance{0};
    auto deposit = [&] { balance.store(balance.load() + 1); };
    weft::thread a(deposit), b(deposit);
    a.join();
    b.join();
    WEFT_ASSERT(balance.load() == 2, "a deposit was lost");
  };
  for (const char* strategy : {"random", "pct", "pos", "dfs"}) {
    const std::uint64_t iterations = strategy == std::string("dfs") ? 0 : 1000;
    const weft::report found = weft::explore(on_os_threads(iterations, strategy), lost_update);
    ASSERT_EQ(found.kind(), weft::failure_kind::assertion) << strategy << "\n" << found;
    const weft::report again = weft::replay(found.replay_token(), lost_update, on_os_threads(1));
    EXPECT_EQ(again.kind(), weft::failure_kind::assertion) << strategy << "\n" << again;
  }
  const weft::report fixed = weft::explore(on_os_threads(0, "dfs"), [] {
    weft::atomic<int> balance{0};
    weft::thread a([&] { balance.fetch_add(1); }), b([&] { balance.fetch_add(1); });
    a.join();
    b.join();
    WEFT_ASSERT(balance.load() == 2);
  });
  EXPECT_FALSE(fixed.failed()) << fixed;
  EXPECT_TRUE(fixed.complete()) << fixed;
}

namespace {

std::size_t os_threads_in_this_process() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& task : std::filesystem::directory_iterator("/proc/self/task")) ++count;
  return count;
}

// The OS threads of this process once those that are exiting have gone (up to 5 s): the
// kernel wakes a pthread_join when the thread lets go of its memory, and lists it in
// /proc/self/task until a little after, so a thread joined a moment ago may still show.
std::size_t os_threads_once_exits_are_done(std::size_t expected) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::size_t count = os_threads_in_this_process();
  while (count > expected && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    count = os_threads_in_this_process();
  }
  return count;
}

}  // namespace

TEST(OsThreads, ADeadlockTearsDownEveryThreadAndLeavesNoOsThreadBehind) {
  weft::explore(on_os_threads(1), [] {});  // starts what an exploration keeps (the watchdog)
  const std::size_t before = os_threads_in_this_process();
  const weft::report r = weft::explore(on_os_threads(500), [] {
    weft::mutex a, b;
    weft::thread t([&] {
      const std::lock_guard ab(a);
      const std::lock_guard bb(b);
    });
    {
      const std::lock_guard bb(b);
      const std::lock_guard ab(a);
    }
    t.join();
  });
  EXPECT_EQ(r.kind(), weft::failure_kind::deadlock) << r;
  EXPECT_EQ(os_threads_once_exits_are_done(before), before);
}

// AddressSanitizer reserves terabytes of address space for its shadow memory: a cap on the
// address space low enough to make thread creation fail would stop it from starting.
#if defined(__SANITIZE_ADDRESS__)
#define WEFT_TEST_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WEFT_TEST_UNDER_ASAN 1
#endif
#endif

#ifndef WEFT_TEST_UNDER_ASAN
namespace {

// In a process of its own: caps its address space below what 16 threads' stacks of
// 512 MiB need, explores a body that starts them, and exits 3 after printing the
// resource_error explore() threw (4 or 5 if something else happened).
[[noreturn]] void explore_with_a_capped_address_space() {
  constexpr rlim_t cap = rlim_t{3} << 30;
  const rlimit address_space{cap, cap};
  if (setrlimit(RLIMIT_AS, &address_space) != 0) std::exit(4);
  weft::options opt = on_os_threads(1);
  opt.stack_size = std::size_t{512} << 20;
  try {
    const weft::report r = weft::explore(opt, [] {
      std::vector<weft::thread> threads;
      for (int i = 0; i < 16; ++i) threads.emplace_back([] {});
      for (weft::thread& t : threads) t.join();
    });
    std::fprintf(stderr, "explored without an error: %s\n", r.failed() ? r.message().c_str() : "no failure");
    std::exit(5);
  } catch (const weft::resource_error& refused) {
    std::fprintf(stderr, "%s\n", refused.what());
    std::exit(3);
  }
}

}  // namespace

// An OS thread the system refuses (the process's address space capped below what the
// threads' stacks need) ends the exploration with weft::resource_error naming the limit
// and what to change, after every thread is unwound: not a failure of the code under
// test, so no report and no replay token.
TEST(OsThreads, AThreadTheSystemRefusesIsAResourceErrorNamingTheLimit) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // a fresh process: its address space is small
  EXPECT_EXIT(explore_with_a_capped_address_space(), testing::ExitedWithCode(3),
              "weft: the system refused an OS thread for simulated thread t[0-9]+ .* [0-9]+ OS threads live, each with a "
              "stack of 524288 KiB: run fewer simulated threads at once, lower options::stack_size");
}
#endif

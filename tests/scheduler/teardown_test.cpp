// When an execution fails, every thread's stack is unwound: destructors run, the bodies
// of threads that never started are destroyed, nothing leaks (LeakSanitizer checks the
// sanitized build). Exception-handling state is kept per simulated thread.
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

struct counted {
  static inline int alive = 0;
  counted() { ++alive; }
  counted(const counted&) { ++alive; }
  ~counted() { --alive; }
};

}  // namespace

TEST(Teardown, DestructorsRunOnEveryThreadOfAFailedExecution) {
  counted::alive = 0;
  const weft::report r = weft::explore(options_for(1000), [] {
    counted on_main;
    weft::mutex a;
    weft::mutex b;
    auto locker = [&](weft::mutex& first, weft::mutex& second) {
      counted on_stack;
      auto on_heap = std::make_unique<counted>();
      std::lock_guard g1(first);
      std::lock_guard g2(second);
    };
    weft::thread t1(locker, std::ref(a), std::ref(b));
    weft::thread t2(locker, std::ref(b), std::ref(a));
    t1.join();
    t2.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::deadlock) << r;
  EXPECT_EQ(counted::alive, 0);
}

TEST(Teardown, BodiesOfThreadsThatNeverRanAreDestroyed) {
  counted::alive = 0;
  const weft::report r = weft::explore(options_for(10), [] {
    WEFT_ASSERT(true);
    weft::thread never_runs([held = counted()] { (void)held; });
    weft::mutex m;
    m.lock();
    m.lock();  // misuse: fails before the new thread is ever scheduled, in some runs
    never_runs.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_EQ(counted::alive, 0);
}

// A thread that catches the unwinding (`catch (...)`) once and goes on is unwound at its
// next scheduling point; the failure reported is the one that started the teardown.
TEST(Teardown, SwallowingTheUnwindingOnceOnlyDelaysIt) {
  counted::alive = 0;
  const weft::report r = weft::explore(options_for(100), [] {
    weft::atomic<int> x{0};
    weft::atomic<bool> in_loop{false};
    weft::thread stubborn([&] {
      counted kept;
      in_loop = true;
      try {
        for (;;) x.fetch_add(1);
      } catch (...) {
      }
      x.fetch_add(1);  // unwound from here
      WEFT_ASSERT(false, "never reached");
    });
    while (!in_loop) weft::this_thread::yield();
    WEFT_ASSERT(false, "fails while the thread loops");
    stubborn.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::assertion) << r;
  EXPECT_NE(r.message().find("fails while the thread loops"), std::string::npos) << r;
  EXPECT_EQ(counted::alive, 0);
}

// A worker loop whose `catch (...)` swallows every exception would never end; after
// swallowing the unwinding twice it is abandoned, and the failure is reported.
TEST(Teardown, AThreadThatSwallowsTheUnwindingForeverIsAbandoned) {
  const weft::report r = weft::explore(options_for(100), [] {
    weft::channel<int> jobs(1);
    weft::atomic<bool> serving{false};
    weft::thread worker([&] {
      serving = true;
      for (;;) {
        try {
          jobs.recv();
        } catch (...) {
        }
      }
    });
    while (!serving) weft::this_thread::yield();
    WEFT_ASSERT(false, "fails while the worker serves");
    worker.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::assertion) << r;
  EXPECT_NE(r.message().find("fails while the worker serves"), std::string::npos) << r;
}

namespace {

bool used_after_destruction = false;

struct resource {
  static inline int alive = 0;
  resource() { ++alive; }
  ~resource() { --alive; }
};

// Uses a resource of another thread when its stack unwinds.
struct uses_on_exit {
  const resource& used;
  ~uses_on_exit() {
    if (resource::alive == 0) used_after_destruction = true;
  }
};

}  // namespace

// The thread that finds the failure is unwound in its turn, after the younger threads:
// unwound at once, it would destroy what they still use (under ASan's use-after-return
// detection its frames would be gone, and the younger thread's unwinding would crash).
TEST(Teardown, TheFailingThreadIsUnwoundAfterTheYoungerThreadsThatUseItsObjects) {
  used_after_destruction = false;
  const weft::report r = weft::explore(options_for(100), [] {
    resource owned;
    weft::mutex m;
    std::unique_lock hold(m);
    weft::atomic<bool> waiting{false};
    weft::thread user([&] {
      const uses_on_exit on_exit{owned};
      waiting.store(true);
      std::lock_guard g(m);
    });
    while (!waiting.load()) weft::this_thread::yield();
    WEFT_ASSERT(false, "fails while the user waits for the mutex");
    hold.unlock();
    user.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::assertion) << r;
  EXPECT_FALSE(used_after_destruction);
}

namespace {

// Waits in its destructor until `done`, as a service that joins its workers on
// destruction does.
struct waits_when_destroyed {
  weft::mutex m;
  weft::condition_variable cv;
  bool done = false;
  ~waits_when_destroyed() {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return done; });
  }
};

}  // namespace

// The main thread waits inside a destructor (noexcept) when another thread fails: the
// teardown cannot unwind it, so it is abandoned instead of terminating the process.
TEST(Teardown, AThreadWaitingInsideADestructorIsAbandoned) {
  const weft::report r = weft::explore(options_for(100), [] {
    weft::thread failing([] {
      weft::this_thread::yield();
      WEFT_ASSERT(false, "fails while main waits in a destructor");
    });
    failing.detach();
    waits_when_destroyed w;
  });
  ASSERT_EQ(r.kind(), failure_kind::assertion) << r;
  EXPECT_NE(r.message().find("fails while main waits"), std::string::npos) << r;
}

// Unwinding runs a destructor that waits in a predicate loop; blocking operations return
// at once while a stack unwinds, so the loop would spin forever: the thread is abandoned.
TEST(Teardown, ADestructorThatWaitsInALoopWhileUnwindingIsAbandoned) {
  const weft::report r = weft::explore(options_for(100), [] {
    weft::channel<int> never_sent(1);
    weft::thread failing([] {
      weft::this_thread::yield();
      WEFT_ASSERT(false, "fails while main is blocked");
    });
    failing.detach();
    waits_when_destroyed w;
    never_sent.recv();  // torn down from here: the unwinding runs ~w
  });
  ASSERT_EQ(r.kind(), failure_kind::assertion) << r;
  EXPECT_NE(r.message().find("fails while main is blocked"), std::string::npos) << r;
}

TEST(ExceptionState, CatchBlocksOfDifferentThreadsInterleaveSafely) {
  const weft::report r = weft::explore(options_for(500), [] {
    auto catcher = [](std::string what) {
      try {
        throw std::runtime_error(what);
      } catch (...) {
        weft::this_thread::yield();
        WEFT_ASSERT(std::uncaught_exceptions() == 0);
        try {
          throw;
        } catch (const std::runtime_error& e) {
          WEFT_ASSERT(e.what() == what, "rethrew another thread's exception");
        }
        weft::this_thread::yield();
      }
    };
    weft::thread a(catcher, "from a");
    weft::thread b(catcher, "from b");
    a.join();
    b.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A weft object used from an OS thread weft did not start (a real std::thread) is a
// misuse naming the object and the line, in the execution where it happens; explorations
// running side by side on their own OS threads are not mistaken for one.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

TEST(ForeignThread, ARealThreadLockingAWeftMutexIsAMisuseInTheFirstExecution) {
  constexpr unsigned lock_line = __LINE__ + 5;
  const weft::report r = weft::explore(options_for(50), [] {
    weft::mutex m;
    m.lock();
    m.unlock();
    std::thread real([&] { std::lock_guard g(m); });
    real.join();
    m.lock();
    m.unlock();
  });
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_EQ(r.executions(), 1u) << r;
  EXPECT_NE(r.message().find("mutex#1 used by an OS thread that is not a simulated thread"), std::string::npos)
      << r.message();
  EXPECT_NE(r.message().find("lock at "), std::string::npos) << r.message();
  EXPECT_EQ(r.location().line, lock_line) << r;
}

TEST(ForeignThread, EveryPrimitiveUsedFromARealThreadIsReported) {
  const auto expect_reported = [](const char* what, auto body) {
    const weft::report r = weft::explore(options_for(20), body);
    EXPECT_EQ(r.kind(), failure_kind::misuse) << what << "\n" << r;
  };
  expect_reported("atomic", [] {
    weft::atomic<int> x{0};
    std::thread([&] { x.store(1); }).join();
    (void)x.load();
  });
  expect_reported("condition_variable", [] {
    weft::condition_variable cv;
    std::thread([&] { cv.notify_one(); }).join();
    weft::this_thread::yield();
  });
  expect_reported("channel", [] {
    weft::channel<int> ch(1);
    std::thread([&] { ch.send(1); }).join();
    weft::this_thread::yield();
  });
  // With no scheduling point after the use: the end of the execution reports it.
  expect_reported("atomic, then the body ends", [] {
    weft::atomic<int> x{0};
    std::thread([&] { x.store(1); }).join();
  });
  expect_reported("mutex, then the body ends", [] {
    weft::mutex m;
    std::thread([&] {
      m.lock();
      m.unlock();
    }).join();
  });
  // Plain memory weft checks for races: a real thread's access is invisible to the checks.
  expect_reported("shared", [] {
    weft::shared<int> cell;
    std::thread([&] { cell = 1; }).join();
    weft::thread simulated([&] { cell = 2; });
    simulated.join();
  });
}

TEST(ForeignThread, ExplorationsOnTwoOsThreadsAreNotForeignToEachOther) {
  bool failed[2] = {true, true};
  auto explore_own = [&](int i) {
    const weft::report r = weft::explore(options_for(300), [] {
      weft::mutex m;
      int count = 0;
      weft::thread t([&] { std::lock_guard g(m); ++count; });
      {
        std::lock_guard g(m);
        ++count;
      }
      t.join();
      WEFT_ASSERT(count == 2);
    });
    failed[i] = r.failed();
  };
  std::thread a(explore_own, 0), b(explore_own, 1);
  a.join();
  b.join();
  EXPECT_FALSE(failed[0]);
  EXPECT_FALSE(failed[1]);
}

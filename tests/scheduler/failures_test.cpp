// Each kind of failure the simulator reports, found from scratch, and a fixed variant
// of the same program that passes.
#include <gtest/gtest.h>

#include <mutex>
#include <stdexcept>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

void transfer_race(bool fixed) {
  weft::atomic<int> balance{100};
  auto withdraw = [&] {
    if (fixed) {
      balance.fetch_sub(30);
    } else {
      const int seen = balance.load();
      balance.store(seen - 30);
    }
  };
  weft::thread a(withdraw);
  weft::thread b(withdraw);
  a.join();
  b.join();
  WEFT_ASSERT(balance.load() == 40, "a withdrawal was lost");
}

}  // namespace

TEST(Failures, AssertionFoundAndFixedVariantPasses) {
  const weft::report buggy = weft::explore(options_for(1000), [] { transfer_race(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
  EXPECT_NE(buggy.message().find("a withdrawal was lost"), std::string::npos);
  EXPECT_GT(buggy.executions(), 0u);

  const weft::report fixed = weft::explore(options_for(1000), [] { transfer_race(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
  EXPECT_EQ(fixed.executions(), 1000u);
}

namespace {

// Pops from a shared stack after checking emptiness outside the lock.
void check_then_pop(bool fixed) {
  weft::mutex m;
  std::vector<int> items{1};
  auto consume = [&] {
    if (fixed) {
      std::lock_guard lock(m);
      if (!items.empty()) items.pop_back();
      return;
    }
    bool empty;
    {
      std::lock_guard lock(m);
      empty = items.empty();
    }
    if (empty) return;
    std::lock_guard lock(m);
    if (items.empty()) throw std::out_of_range("pop from an empty stack");
    items.pop_back();
  };
  weft::thread a(consume);
  weft::thread b(consume);
  a.join();
  b.join();
}

}  // namespace

TEST(Failures, EscapedExceptionNamesThreadTypeAndMessage) {
  const weft::report buggy = weft::explore(options_for(1000), [] { check_then_pop(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::exception) << buggy;
  EXPECT_NE(buggy.message().find("std::out_of_range: pop from an empty stack"), std::string::npos)
      << buggy.message();
  EXPECT_NE(buggy.message().find("thread-"), std::string::npos) << buggy.message();

  EXPECT_FALSE(weft::explore(options_for(1000), [] { check_then_pop(true); }).failed());
}

// A what() that names its type already is not prefixed with it again (the report said
// "std::future_error: std::future_error: Broken promise").
TEST(Failures, AnEscapedExceptionWhoseTextNamesItsTypeNamesItOnce) {
  const weft::report buggy = weft::explore(options_for(10), [] {
    weft::thread t([] {
      weft::future<int> never;
      {
        weft::promise<int> broken;
        never = broken.get_future();
      }
      (void)never.get();
    });
    t.join();
  });
  ASSERT_EQ(buggy.kind(), failure_kind::exception) << buggy;
  EXPECT_NE(buggy.message().find("std::future_error: Broken promise"), std::string::npos) << buggy.message();
  EXPECT_EQ(buggy.message().find("std::future_error: std::future_error"), std::string::npos) << buggy.message();
}

namespace {

constexpr unsigned abba_first_lock_line = __LINE__ + 5;
void abba(bool fixed) {
  weft::mutex a;
  weft::mutex b;
  auto one = [&] {
    std::lock_guard first(a);
    std::lock_guard second(b);
  };
  auto two = [&] {
    weft::mutex& x = fixed ? a : b;
    weft::mutex& y = fixed ? b : a;
    std::lock_guard first(x);
    std::lock_guard second(y);
  };
  weft::thread t1(one);
  weft::thread t2(two);
  t1.join();
  t2.join();
}

}  // namespace

TEST(Failures, DeadlockReportsEveryBlockedThreadWithLineAndHolder) {
  const weft::report buggy = weft::explore(options_for(1000), [] { abba(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::deadlock) << buggy;
  ASSERT_EQ(buggy.threads().size(), 3u);
  EXPECT_EQ(buggy.threads()[0].operation, "join");
  for (std::size_t i = 1; i < 3; ++i) {
    const auto& t = buggy.threads()[i];
    EXPECT_EQ(t.state, "blocked");
    EXPECT_EQ(t.operation, "lock");
    EXPECT_NE(t.detail.find("held by t"), std::string::npos) << t.detail;
    EXPECT_NE(t.where.file.find("failures_test.cpp"), std::string::npos);
  }
  // Thread one waits at its second lock_guard, the line after its first.
  EXPECT_TRUE(weft_test::has_thread_at(buggy, "blocked", abba_first_lock_line + 1)) << buggy;

  EXPECT_FALSE(weft::explore(options_for(1000), [] { abba(true); }).failed());
}

namespace {

// Two threads each wait politely for the other to go first.
void polite_spin(bool fixed) {
  weft::atomic<int> turn{0};
  auto polite = [&](int me) {
    while (turn.load() != me) weft::this_thread::yield();
    turn.store(fixed ? 1 - me : me);
  };
  weft::thread a(polite, 0);
  weft::thread b(polite, 1);
  a.join();
  b.join();
}

}  // namespace

TEST(Failures, LivelockWhenMaxStepsIsExceeded) {
  // The second half of the execution is scheduled at random whatever the strategy (the
  // fair tail): a livelock under every schedule is still one, and its token replays it.
  for (const char* strategy : {"random", "pct", "portfolio", "dfs"}) {
    weft::options opt = options_for(20, strategy);
    opt.max_steps = 500;
    const weft::report buggy = weft::explore(opt, [] { polite_spin(false); });
    ASSERT_EQ(buggy.kind(), failure_kind::livelock) << strategy << "\n" << buggy;
    EXPECT_NE(buggy.message().find("500"), std::string::npos);
    EXPECT_EQ(buggy.steps(), 501u);
    const weft::report again = weft::replay(buggy.replay_token(), [] { polite_spin(false); });
    EXPECT_EQ(again.kind(), failure_kind::livelock) << strategy << "\n" << again;
    EXPECT_EQ(again.total_events(), buggy.total_events()) << strategy;

    EXPECT_FALSE(weft::explore(opt, [] { polite_spin(true); }).failed()) << strategy;
  }
}

TEST(Failures, LivelockWhenALoopStartsMoreThreadsThanMaxSteps) {
  // Neither a spawn nor a join is a scheduling point: only the bound on the threads an
  // execution starts stops these loops (they would run out of stacks instead).
  weft::options opt = options_for(5);
  opt.max_steps = 300;
  auto body = [](int rounds, bool detach) {
    for (int i = 0; i < rounds; ++i) {
      weft::thread t([] {});
      if (detach) {
        t.detach();
      } else {
        t.join();
      }
    }
  };
  for (const bool detach : {false, true}) {
    const weft::report buggy = weft::explore(opt, [&] { body(1000000, detach); });
    ASSERT_EQ(buggy.kind(), failure_kind::livelock) << buggy;
    EXPECT_NE(buggy.message().find("started more than 300 threads"), std::string::npos) << buggy.message();
    EXPECT_EQ(weft::replay(buggy.replay_token(), [&] { body(1000000, detach); }).kind(), failure_kind::livelock);
  }
  EXPECT_FALSE(weft::explore(opt, [&] { body(299, false); }).failed());
}

TEST(Failures, ThreadStillRunningWhenBodyReturnsIsLeaked) {
  auto body = [](bool fixed) {
    weft::atomic<int> work{0};
    weft::thread worker([&work] { work.fetch_add(1); });
    if (fixed) {
      worker.join();
    } else {
      worker.detach();
    }
    work.load();
  };
  const weft::report buggy = weft::explore(options_for(200), [&] { body(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::leaked_thread) << buggy;
  EXPECT_NE(buggy.message().find("still running"), std::string::npos) << buggy.message();

  EXPECT_FALSE(weft::explore(options_for(200), [&] { body(true); }).failed());
}

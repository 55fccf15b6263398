// weft::call_once under exploration: the function runs once per flag in every schedule
// (checked exhaustively), latecomers wait for it, and a throwing call hands the job on.
#include <gtest/gtest.h>

#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

// Three threads race to initialise; every one must see the value once call_once returns.
void lazy_initialisation() {
  weft::once_flag flag;
  int runs = 0;
  int value = 0;
  auto use = [&] {
    weft::call_once(flag, [&] {
      ++runs;
      weft::this_thread::yield();  // others arrive while it runs
      value = 42;
    });
    WEFT_ASSERT(value == 42, "call_once returned before the initialisation finished");
  };
  weft::thread a(use), b(use);
  use();
  a.join();
  b.join();
  WEFT_ASSERT(runs == 1);
}

}  // namespace

// The exhaustive search, then many samples of each randomized strategy.
TEST(CallOnce, InitialisesOnceUnderEverySchedule) {
  const weft::report all = weft::explore(options_for(0, "dfs"), lazy_initialisation);
  EXPECT_FALSE(all.failed()) << all;
  EXPECT_TRUE(all.complete()) << all;
  for (const char* strategy : {"random", "pct", "pos"}) {
    const weft::report r = weft::explore(options_for(2000, strategy), lazy_initialisation);
    EXPECT_FALSE(r.failed()) << strategy << "\n" << r;
    EXPECT_GT(r.distinct_schedules(), 5u) << strategy;
  }
}

TEST(CallOnce, AThrowingCallLetsTheNextCallerRunIt) {
  const weft::report r = weft::explore(options_for(300), [] {
    weft::once_flag flag;
    int attempts = 0;
    auto attempt = [&] {
      try {
        weft::call_once(flag, [&] {
          if (++attempts == 1) throw std::runtime_error("first attempt fails");
        });
      } catch (const std::runtime_error&) {
        weft::call_once(flag, [&] { ++attempts; });
      }
    };
    weft::thread other(attempt);
    attempt();
    other.join();
    WEFT_ASSERT(attempts == 2);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(CallOnce, CallingItAgainFromInsideIsAMisuse) {
  const weft::report r = weft::explore(options_for(10), [] {
    weft::once_flag flag;
    weft::call_once(flag, [&] { weft::call_once(flag, [] {}); });
  });
  EXPECT_EQ(r.kind(), failure_kind::misuse) << r;
}

// A variadic call_once has no room for a defaulted location after its arguments; the flag
// parameter takes the caller's line instead. The misuse, every call_once event and a
// deadlock's holder named no line.
TEST(CallOnce, ReportsNameTheCallOncesLine) {
  static unsigned inner_line = 0;
  const weft::report misuse = weft::explore(options_for(10), [] {
    weft::once_flag flag;
    inner_line = __LINE__ + 1;
    weft::call_once(flag, [&] { weft::call_once(flag, [] {}); });
  });
  ASSERT_EQ(misuse.kind(), failure_kind::misuse) << misuse;
  EXPECT_EQ(misuse.location().line, inner_line) << misuse;

  static unsigned thread_line = 0;
  static unsigned main_line = 0;
  const weft::report deadlock = weft::explore(options_for(200), [] {
    weft::once_flag flag;
    weft::mutex m;
    thread_line = __LINE__ + 1;
    weft::thread t([&] { std::lock_guard g(m); weft::call_once(flag, [](int) {}, 1); });
    main_line = __LINE__ + 1;
    weft::call_once(flag, [&] { std::lock_guard g(m); });
    t.join();
  });
  ASSERT_EQ(deadlock.kind(), failure_kind::deadlock) << deadlock;
  ASSERT_EQ(deadlock.threads().size(), 2u) << deadlock;
  EXPECT_EQ(deadlock.threads()[0].where.line, main_line) << deadlock;
  EXPECT_EQ(deadlock.threads()[1].where.line, thread_line) << deadlock;
  int call_once_events = 0;
  for (const auto& e : deadlock.trace()) {
    if (e.object.find("once_flag") == std::string::npos) continue;
    ++call_once_events;
    EXPECT_TRUE(e.where.line == main_line || e.where.line == thread_line) << e.operation << "\n" << deadlock;
  }
  EXPECT_GT(call_once_events, 0) << deadlock;
  const std::string text = (std::ostringstream() << deadlock).str();
  EXPECT_EQ(text.find(")  -"), std::string::npos) << text;
}

// A check-then-act initialisation without call_once is found; call_once fixes it.
TEST(CallOnce, AHandRolledOnceIsFoundAndCallOnceFixesIt) {
  const auto body = [](bool fixed) {
    weft::once_flag flag;
    weft::atomic<bool> initialised{false};
    int runs = 0;
    auto init = [&] {
      if (fixed) {
        weft::call_once(flag, [&] { ++runs; });
      } else if (!initialised.load()) {
        ++runs;
        initialised.store(true);
      }
    };
    weft::thread other(init);
    init();
    other.join();
    WEFT_ASSERT(runs == 1, "initialised twice");
  };
  EXPECT_EQ(weft::explore(options_for(1000), [&] { body(false); }).kind(), failure_kind::assertion);
  EXPECT_FALSE(weft::explore(options_for(1000), [&] { body(true); }).failed());
}

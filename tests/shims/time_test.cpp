// Virtual time: clocks, sleeps, timed waits, and timeouts fired early by the strategy.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

#include <weft/weft.hpp>

#include "support.hpp"

using namespace std::chrono_literals;
using weft::failure_kind;
using weft_test::options_for;

TEST(VirtualTime, RetryLoopOverTenVirtualMinutesKeepsExactTime) {
  const weft::report r = weft::explore(options_for(20), [] {
    const auto start = weft::steady_clock::now();
    WEFT_ASSERT(start.time_since_epoch() == 0ns, "every execution starts at the same epoch");
    int attempts = 0;
    auto next = start;
    while (weft::steady_clock::now() - start < 10min) {
      ++attempts;
      next += 30s;
      weft::this_thread::sleep_until(next);
      WEFT_ASSERT(weft::steady_clock::now() == next, "woke at the deadline, not before or after");
    }
    WEFT_ASSERT(attempts == 20);
    WEFT_ASSERT(weft::steady_clock::now() - start == 10min);
    weft::this_thread::sleep_for(1h);
    WEFT_ASSERT(weft::steady_clock::now() - start == 70min);
    const auto wall = weft::system_clock::to_time_t(weft::system_clock::now());
    WEFT_ASSERT(wall == 1767225600 + 70 * 60, "system_clock starts at 2026-01-01T00:00:00Z");
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(VirtualTime, AdvancesOnlyWhenEveryThreadIsBlocked) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::atomic<int> work{0};
    weft::thread sleeper([] { weft::this_thread::sleep_for(1h); });
    weft::thread worker([&] {
      for (int i = 0; i < 5; ++i) work.fetch_add(1);
      WEFT_ASSERT(weft::steady_clock::now().time_since_epoch() == 0ns, "time moved while a thread could run");
    });
    worker.join();
    sleeper.join();
    WEFT_ASSERT(weft::steady_clock::now().time_since_epoch() == 1h);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(VirtualTime, TimersWithEqualDeadlinesWakeInEitherOrder) {
  std::set<int> first_to_wake;
  const weft::report r = weft::explore(options_for(200), [&] {
    weft::atomic<int> first{0};
    auto sleeper = [&](int me) {
      weft::this_thread::sleep_for(5s);
      int none = 0;
      first.compare_exchange_strong(none, me);
    };
    weft::thread a(sleeper, 1);
    weft::thread b(sleeper, 2);
    a.join();
    b.join();
    first_to_wake.insert(first.load());
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_EQ(first_to_wake, (std::set<int>{1, 2}));
}

TEST(VirtualTime, TimedMutexGivesUpAtItsDeadline) {
  weft::options opt = options_for(100);
  opt.early_timeouts = false;
  const weft::report r = weft::explore(opt, [] {
    weft::timed_mutex m;
    weft::atomic<bool> held{false};
    weft::thread holder([&] {
      std::lock_guard g(m);
      held.store(true);
      weft::this_thread::sleep_for(10s);
    });
    while (!held.load()) weft::this_thread::yield();
    const auto before = weft::steady_clock::now();
    WEFT_ASSERT(!m.try_lock_for(2s), "locked a mutex another thread holds");
    WEFT_ASSERT(weft::steady_clock::now() - before == 2s);
    std::unique_lock late(m, 60s);
    WEFT_ASSERT(late.owns_lock() && weft::steady_clock::now().time_since_epoch() == 10s);
    late.unlock();
    holder.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(VirtualTime, ConditionVariableWaitForTimesOutOrIsNotified) {
  weft::options opt = options_for(200);
  opt.early_timeouts = false;
  const weft::report r = weft::explore(opt, [] {
    weft::mutex m;
    weft::condition_variable cv;
    bool ready = false;
    {
      std::unique_lock l(m);
      WEFT_ASSERT(!cv.wait_for(l, 3s, [&] { return ready; }), "nobody set ready");
      WEFT_ASSERT(weft::steady_clock::now().time_since_epoch() == 3s);
    }
    weft::thread setter([&] {
      weft::this_thread::sleep_for(1s);
      std::lock_guard g(m);
      ready = true;
      cv.notify_one();
    });
    {
      std::unique_lock l(m);
      WEFT_ASSERT(cv.wait_until(l, weft::steady_clock::now() + 1min, [&] { return ready; }));
      WEFT_ASSERT(weft::steady_clock::now().time_since_epoch() == 4s);
    }
    setter.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

namespace {

// A client asks a server over channels and waits 100ms for each reply. The buggy client
// shares one reply channel across requests and assumes the reply always beats the
// timeout: a late reply to a timed-out request is then taken as the answer to the next
// request. The fixed client gives every request its own reply channel (capacity 1, so
// the server never blocks on a reply nobody waits for any more).
void request_reply(bool fixed) {
  using reply_channel = weft::channel<int>;
  struct request {
    int id;
    std::shared_ptr<reply_channel> reply_to;
  };
  weft::channel<request> requests(1);
  auto shared_replies = std::make_shared<reply_channel>(1);
  weft::thread server([&] {
    while (auto r = requests.recv()) {
      weft::this_thread::sleep_for(10ms);
      r->reply_to->try_send(r->id * 10);  // a full channel means nobody is listening
    }
  });
  for (int id = 1; id <= 2; ++id) {
    auto reply_to = fixed ? std::make_shared<reply_channel>(1) : shared_replies;
    requests.send(request{id, reply_to});
    auto reply = reply_to->recv_for(100ms);
    if (!reply) continue;  // timed out: give up on this request
    WEFT_ASSERT(*reply == id * 10, "a late reply answered the wrong request");
  }
  requests.close();
  server.join();
}

}  // namespace

TEST(EarlyTimeouts, LateReplyIsFoundOnlyBecauseTimeoutsCanFireEarly) {
  weft::options never_early = options_for(2000);
  never_early.early_timeouts = false;
  EXPECT_FALSE(weft::explore(never_early, [] { request_reply(false); }).failed())
      << "on virtual time alone the reply always comes first";

  const weft::report buggy = weft::explore(options_for(2000), [] { request_reply(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
  EXPECT_NE(buggy.message().find("a late reply answered the wrong request"), std::string::npos);
  std::ostringstream shown;
  shown << buggy;
  EXPECT_NE(shown.str().find("injected by the exploration:\n  timeout fired early on channel#"), std::string::npos)
      << "the report lists the early timeout it depends on\n" << shown.str();
  const weft::report again = weft::replay(buggy.replay_token(), [] { request_reply(false); });
  EXPECT_EQ(again.kind(), failure_kind::assertion) << again;

  const weft::report fixed = weft::explore(options_for(20000), [] { request_reply(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
}

TEST(DeadlockWithTime, APendingTimerIsNotADeadlockButAWaitWithoutOneIs) {
  weft::options opt = options_for(50);
  opt.spurious_wakeups = false;
  const weft::report timed = weft::explore(opt, [] {
    weft::mutex m;
    weft::condition_variable cv;
    std::unique_lock l(m);
    cv.wait_for(l, 1h);  // nobody notifies; the timeout ends the wait
  });
  EXPECT_FALSE(timed.failed()) << timed;

  const weft::report stuck = weft::explore(opt, [] {
    weft::channel<int> c(1);
    weft::thread reader([&] { c.recv(); });
    reader.join();
  });
  ASSERT_EQ(stuck.kind(), failure_kind::deadlock) << stuck;
  EXPECT_EQ(stuck.threads()[1].operation, "recv on empty");
  EXPECT_EQ(stuck.threads()[1].timeout_at, -1);
  std::ostringstream text;
  text << stuck;
  EXPECT_NE(text.str().find("(no timeout)"), std::string::npos) << text.str();
}

// A spin on a flag that another thread sets after sleeping (or after a timed wait) ends on
// any machine: real time passes while the spinner spins. Virtual time moved only when
// nobody could run, and the spinner always could: every strategy reported a livelock.
TEST(VirtualTime, PassesWhileEveryRunnableThreadSpins) {
  const auto after_sleep = [] {
    weft::atomic<bool> done{false};
    weft::thread worker([&] {
      weft::this_thread::sleep_for(1ms);
      done.store(true);
    });
    while (!done.load()) weft::this_thread::yield();
    WEFT_ASSERT(weft::steady_clock::now().time_since_epoch() >= 1ms, "the flag was set before the sleep ended");
    worker.join();
  };
  const auto after_timed_wait = [] {
    weft::mutex m;
    weft::condition_variable never;
    weft::atomic<bool> done{false};
    weft::thread worker([&] {
      std::unique_lock hold(m);
      (void)never.wait_for(hold, 5ms, [] { return false; });
      done.store(true);
    });
    while (!done.load()) {
    }
    worker.join();
  };
  for (const char* strategy : {"random", "pct", "pos", "portfolio"}) {
    for (const auto& body : {std::function<void()>(after_sleep), std::function<void()>(after_timed_wait)}) {
      const weft::report r = weft::explore(options_for(100, strategy), body);
      EXPECT_FALSE(r.failed()) << strategy << "\n" << r;
    }
  }
  const weft::report searched = weft::explore(options_for(0, "dfs"), after_sleep);
  EXPECT_FALSE(searched.failed()) << searched;
}

// Time passing for spinners ends a spin only through a deadline: a spin nobody ends is
// still a livelock.
TEST(VirtualTime, ASpinThatNothingEndsIsStillALivelockWithATimerPending) {
  weft::options opt = options_for(5);
  opt.max_steps = 2000;
  const weft::report r = weft::explore(opt, [] {
    weft::atomic<bool> never{false};
    weft::thread sleeper([] { weft::this_thread::sleep_for(1h); });
    while (!never.load()) weft::this_thread::yield();
    sleeper.join();
  });
  EXPECT_EQ(r.kind(), weft::failure_kind::livelock) << r;
}

// A loop that waits for a deadline by reading the clock, and does nothing else, ends: time
// passes while a thread only reads the clock (it never ended: the stall watchdog stopped it).
TEST(VirtualTime, PassesWhileAThreadOnlyReadsTheClock) {
  const weft::report r = weft::explore(options_for(20), [] {
    const auto end = weft::steady_clock::now() + 10ms;
    auto now = weft::steady_clock::now();
    while (now < end) now = weft::steady_clock::now();
    WEFT_ASSERT(now - end < 10ms, "time passed in steps too large for the deadline");
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A poll with a deadline, while the only other thread waits without a timeout for what the
// poller does after it gives up: on a machine the poll times out after 50 ms; here every
// runnable thread spun with no timer pending, a livelock.
TEST(VirtualTime, PassesWhileEveryRunnableThreadSpinsWithNoTimerPending) {
  const weft::report r = weft::explore(options_for(100), [] {
    weft::atomic<bool> ready{false};
    weft::latch go(1);
    weft::thread worker([&] {
      go.wait();
      ready.store(true);
    });
    const auto deadline = weft::steady_clock::now() + 50ms;
    bool timed_out = false;
    while (!ready.load()) {
      if (weft::steady_clock::now() >= deadline) {
        timed_out = true;
        break;
      }
      weft::this_thread::yield();
    }
    WEFT_ASSERT(timed_out, "ready was set before go");
    go.count_down();
    worker.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// Deadlines far in the past or future do not overflow: a time point's min() has passed, a
// wait for max() or for centuries has no timeout, and a long but representable sleep ends
// exactly when it says, with both clocks still right afterwards.
TEST(VirtualTime, DeadlinesAtTheEndsOfTheClocksRangeDoNotOverflow) {
  const weft::report r = weft::explore(options_for(20), [] {
    weft::this_thread::sleep_for(1s);
    const auto started = weft::steady_clock::now();
    weft::channel<int> ch(1);
    WEFT_ASSERT(ch.recv_until(weft::steady_clock::time_point::min()).status == weft::channel_status::timed_out);
    weft::mutex m;
    weft::condition_variable cv;
    std::unique_lock lock(m);
    WEFT_ASSERT(cv.wait_until(lock, weft::steady_clock::time_point::min()) == std::cv_status::timeout);
    WEFT_ASSERT(cv.wait_until(lock, weft::system_clock::time_point::min()) == std::cv_status::timeout);
    WEFT_ASSERT(weft::steady_clock::now() == started, "a deadline in the past moved the clock");
    lock.unlock();

    const auto forty_years = std::chrono::hours(24 * 365 * 40);
    weft::this_thread::sleep_for(forty_years);
    WEFT_ASSERT(weft::steady_clock::now() - started == forty_years);
    const auto year = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(
                                                      std::chrono::sys_time<std::chrono::nanoseconds>(
                                                          weft::system_clock::now().time_since_epoch())))
                          .year();
    WEFT_ASSERT(year == std::chrono::year(2065) || year == std::chrono::year(2066));
    weft::this_thread::sleep_for(5s);
    WEFT_ASSERT(weft::steady_clock::now() - started == forty_years + 5s);

    bool notified = false;
    weft::thread notifier([&] {
      std::lock_guard hold(m);
      notified = true;
      cv.notify_all();
    });
    lock.lock();
    WEFT_ASSERT(cv.wait_for(lock, std::chrono::hours::max(), [&] { return notified; }));
    WEFT_ASSERT(weft::steady_clock::now() - started == forty_years + 5s, "a wait for ever moved the clock");
    lock.unlock();
    notifier.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(VirtualTime, ASleepForeverNeverEnds) {
  const weft::report r = weft::explore(options_for(1), [] { weft::this_thread::sleep_for(std::chrono::hours::max()); });
  EXPECT_EQ(r.kind(), failure_kind::deadlock) << r;
}

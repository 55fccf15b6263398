// Each of weft's awaitables under every strategy: random, pct, pos and dfs. Each body
// checks what the awaitable returned; each has a buggy twin the strategies must find.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <weft/async.hpp>
#include <weft/weft.hpp>

#include "async/awaitable_bodies.hpp"
#include "support.hpp"

using namespace std::chrono_literals;
using weft::channel_status;
using weft::failure_kind;
using weft_test::options_for;

namespace {

struct awaitable_case {
  const char* name;
  std::function<void()> correct;
  std::function<void()> buggy;  // fails in some interleaving
};

std::vector<awaitable_case> cases() {
  std::vector<awaitable_case> all;
  for (auto [name, body] : weft_test::async_bodies::all()) {
    all.push_back({name, [body = body] { body(false); }, [body = body] { body(true); }});
  }
  return all;
}

}  // namespace

TEST(Awaitables, EachIsExploredByEveryStrategyItsBugFoundAndItsCorrectUsePasses) {
  for (const awaitable_case& c : cases()) {
    for (const char* strategy : {"random", "pct", "pos", "dfs"}) {
      SCOPED_TRACE(std::string(c.name) + " under " + strategy);
      const bool dfs = strategy == std::string("dfs");
      weft::options opt = options_for(dfs ? 0 : 300, strategy);
      opt.max_cancellations = 0;
      const weft::report correct = weft::explore(opt, c.correct);
      EXPECT_FALSE(correct.failed()) << correct;
      const weft::report buggy = weft::explore(opt, c.buggy);
      EXPECT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
    }
  }
}

TEST(Awaitables, UntilStoppedReturnsOnlyOnceTheStopIsRequested) {
  for (const char* strategy : {"random", "pct", "pos", "dfs"}) {
    SCOPED_TRACE(strategy);
    const weft::report r = weft::explore(options_for(strategy == std::string("dfs") ? 0 : 200, strategy), [] {
      weft::atomic<bool> requested{false};
      auto waiter = weft::spawn([&]() -> weft::task<> {
        co_await weft::this_task::until_stopped();
        WEFT_ASSERT(requested.load(), "until_stopped returned before the stop request");
      });
      weft::this_thread::yield();
      requested.store(true);
      waiter.request_stop();
      waiter.join();
    });
    EXPECT_FALSE(r.failed()) << r;
  }
}

TEST(Awaitables, UntilStoppedWithNothingToStopItIsADeadlockNamingItsLine) {
  const weft::report r = weft::explore(options_for(20), [] {
    auto waiter = weft::spawn([]() -> weft::task<> { co_await weft::this_task::until_stopped(); });
    waiter.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::deadlock) << r;
  EXPECT_TRUE(weft_test::has_thread_at(r, "blocked", __LINE__ - 4)) << r;
}

TEST(Awaitables, AStopRequestEndsEachCancellableWaitWithStopped) {
  const weft::report r = weft::explore(options_for(100), [] {
    weft::channel<int> empty(1);
    weft::channel<int> full(1);
    full.send(0);
    weft::counting_semaphore<1> none(0);
    weft::async_mutex held;
    auto holding = held.try_lock();
    WEFT_ASSERT(holding.owns_lock());
    auto waiter = weft::spawn([&]() -> weft::task<int> {
      int stopped = 0;
      stopped += (co_await weft::async_recv(empty)).status == channel_status::stopped;
      stopped += (co_await weft::async_send(full, 1)).status == channel_status::stopped;
      stopped += !co_await weft::async_acquire(none);
      stopped += !(co_await held.lock()).owns_lock();
      stopped += !co_await weft::this_task::sleep_for(1h);
      co_await weft::this_task::until_stopped();
      stopped += (co_await weft::this_task::stop_token()).stop_requested();
      co_return stopped;
    });
    weft::this_thread::yield();
    waiter.request_stop();
    WEFT_ASSERT(waiter.join() == 6, "a wait went on after the stop request");
  });
  EXPECT_FALSE(r.failed()) << r;
}

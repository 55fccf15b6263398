// weft::task_group, when_all and when_any under the simulator: children end before the
// scope, a child's exception stops its siblings and reaches the parent, stop requests
// pass down.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include <weft/async.hpp>
#include <weft/weft.hpp>

#include "support.hpp"

using namespace std::chrono_literals;
using weft::channel_status;
using weft::failure_kind;
using weft_test::options_for;

namespace {

weft::task<int> value_after(int value, std::chrono::milliseconds delay) {
  // Not `if (!co_await ...)`: g++ 12 miscompiles a co_await in a condition (README).
  const bool slept = co_await weft::this_task::sleep_for(delay);
  if (!slept) throw std::runtime_error("stopped");
  co_return value;
}

weft::task<channel_status> wait_forever(weft::channel<int>& never) {
  co_return (co_await weft::async_recv(never)).status;
}

}  // namespace

TEST(TaskGroup, AChildsExceptionStopsItsSiblingsAndReachesTheParent) {
  for (const char* strategy : {"random", "pct", "pos", "dfs"}) {
    SCOPED_TRACE(strategy);
    const weft::report r = weft::explore(options_for(strategy == std::string("dfs") ? 0 : 200, strategy), [] {
      weft::channel<int> never(1);
      channel_status sibling = channel_status::ok;
      auto parent = weft::spawn([&]() -> weft::task<std::string> {
        weft::task_group group;
        group.spawn([&]() -> weft::task<> { sibling = co_await wait_forever(never); });
        group.spawn([]() -> weft::task<> {
          co_await weft::this_task::yield();
          throw std::runtime_error("child failed");
        });
        try {
          co_await group.wait();
        } catch (const std::runtime_error& e) {
          co_return e.what();
        }
        co_return "no exception";
      });
      const std::string seen = parent.join();
      WEFT_ASSERT(seen == "child failed");
      WEFT_ASSERT(sibling == channel_status::stopped, "the sibling was not stopped");
    });
    EXPECT_FALSE(r.failed()) << r;
  }
}

TEST(TaskGroup, AStopRequestOnTheWaitingTaskReachesEveryChild) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::channel<int> never(1);
    int stopped = 0;
    auto parent = weft::spawn([&]() -> weft::task<> {
      weft::task_group group;
      for (int i = 0; i < 3; ++i) {
        group.spawn([&]() -> weft::task<> { stopped += co_await wait_forever(never) == channel_status::stopped; });
      }
      co_await group.wait();
    });
    weft::this_thread::yield();
    parent.request_stop();
    parent.join();
    WEFT_ASSERT(stopped == 3, "a child went on waiting");
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(TaskGroup, AGroupLeftWithoutWaitingLeaksItsPendingChildren) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::channel<int> never(1);
    weft::block_on([&]() -> weft::task<> {
      weft::task_group group;
      group.spawn([&]() -> weft::task<> {
        co_await wait_forever(never);
        co_await wait_forever(never);  // not stopped twice: waits for good
      });
      co_return;
    }());
  });
  EXPECT_EQ(r.kind(), failure_kind::leaked_task) << r;
}

TEST(WhenAll, ReturnsEveryValueAndRethrowsTheFirstException) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::block_on([]() -> weft::task<> {
      auto [a, b, c] = co_await weft::when_all(value_after(1, 3ms), value_after(2, 1ms),
                                               []() -> weft::task<> { co_return; }());
      WEFT_ASSERT(a == 1 && b == 2);
      (void)c;
      std::vector<weft::task<int>> many;
      for (int i = 0; i < 4; ++i) many.push_back(value_after(i, std::chrono::milliseconds(4 - i)));
      const std::vector<int> values = co_await weft::when_all(std::move(many));
      WEFT_ASSERT((values == std::vector<int>{0, 1, 2, 3}), "when_all lost the order of its tasks");
      bool threw = false;
      try {
        co_await weft::when_all(value_after(1, 1h), []() -> weft::task<int> { throw std::runtime_error("x"); }());
      } catch (const std::runtime_error&) {
        threw = true;
      }
      WEFT_ASSERT(threw);
      WEFT_ASSERT(weft::steady_clock::now().time_since_epoch() < 1h, "the sibling was not stopped");
    }());
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(WhenAny, ReturnsTheFirstToEndAndStopsTheOthers) {
  for (const char* strategy : {"random", "pct", "pos", "dfs"}) {
    SCOPED_TRACE(strategy);
    const weft::report r = weft::explore(options_for(strategy == std::string("dfs") ? 0 : 200, strategy), [] {
      weft::block_on([]() -> weft::task<> {
        auto [index, value] = co_await weft::when_any(value_after(10, 1h), value_after(20, 5ms));
        WEFT_ASSERT(index == 1 && value == 20);
        WEFT_ASSERT(weft::steady_clock::now().time_since_epoch() < 1h, "the slow task was not stopped");
      }());
    });
    EXPECT_FALSE(r.failed()) << r;
  }
}

TEST(WhenAny, OfNoTaskIsMisuse) {
  const weft::report r = weft::explore(options_for(5), [] {
    weft::block_on(weft::when_any(std::vector<weft::task<int>>{}));
  });
  EXPECT_EQ(r.kind(), failure_kind::misuse) << r;
}

TEST(TaskGroup, AChildsErrorIsReportedWhenTheGroupIsDestroyedWithoutWaiting) {
  const weft::report r = weft::explore(options_for(100), [] {
    weft::block_on([]() -> weft::task<> {
      weft::task_group group;
      group.spawn([]() -> weft::task<> { throw std::runtime_error("nobody waited"); });
      co_await weft::this_task::yield();
    }());
  });
  ASSERT_EQ(r.kind(), failure_kind::exception) << r;
  EXPECT_NE(r.message().find("nobody waited"), std::string::npos) << r;
}

TEST(TaskGroup, ChildrenThatSpawnIntoTheGroupAreWaitedForAndTheirErrorsReachWait) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::block_on([]() -> weft::task<> {
      weft::task_group group;
      bool grandchild_ran = false;
      group.spawn([&]() -> weft::task<> {
        group.spawn([&]() -> weft::task<> {
          co_await weft::this_task::yield();
          grandchild_ran = true;
          throw std::runtime_error("grandchild failed");
        });
        co_return;
      });
      bool rethrown = false;
      try {
        co_await group.wait();
      } catch (const std::runtime_error&) {
        rethrown = true;
      }
      WEFT_ASSERT(grandchild_ran && rethrown, "wait() returned before a child spawned into the group ended");
    }());
  });
  EXPECT_FALSE(r.failed()) << r;
}

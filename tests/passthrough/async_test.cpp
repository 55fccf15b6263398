// The pass-through build's coroutines: the same bodies the simulator explores, on real
// threads of the small executor; values, exceptions and stop requests cross them.
#include <gtest/gtest.h>

#include <chrono>
#include <coroutine>
#include <stdexcept>
#include <string>
#include <vector>

#include <weft/async.hpp>
#include <weft/weft.hpp>

#include "async/awaitable_bodies.hpp"
#include "async_actor/deposits_while_reading.hpp"
#include "async_pipeline/async_pipeline.hpp"
#include "async/foreign_awaitable.hpp"

static_assert(!WEFT_SIM);

using namespace std::chrono_literals;

TEST(PassThroughAsync, EveryAwaitableBodyRunsCorrectlyOnRealThreads) {
  for (auto [name, body] : weft_test::async_bodies::all()) {
    SCOPED_TRACE(name);
    for (int round = 0; round < 50; ++round) body(false);
  }
}

TEST(PassThroughAsync, ManyTasksUpdateUnderAnAsyncMutexWithoutLosingOne) {
  weft::async_mutex m;
  long counter = 0;
  std::vector<weft::join_handle<void>> tasks;
  for (int t = 0; t < 8; ++t) {
    tasks.push_back(weft::spawn([&]() -> weft::task<> {
      for (int i = 0; i < 2000; ++i) {
        auto held = co_await m.lock();
        ++counter;
      }
    }));
  }
  for (auto& t : tasks) t.join();
  EXPECT_EQ(counter, 8 * 2000);
}

TEST(PassThroughAsync, AnExceptionAndAStopRequestReachTheAwaitingSide) {
  auto failing = weft::spawn([]() -> weft::task<int> {
    co_await weft::this_task::yield();
    throw std::runtime_error("real failure");
  });
  EXPECT_THROW(failing.join(), std::runtime_error);

  weft::channel<int> never(1);
  auto waiting = weft::spawn([&]() -> weft::task<weft::channel_status> {
    co_return (co_await weft::async_recv(never)).status;
  });
  std::this_thread::sleep_for(1ms);
  waiting.request_stop();
  EXPECT_EQ(waiting.join(), weft::channel_status::stopped);

  auto until = weft::spawn([]() -> weft::task<> { co_await weft::this_task::until_stopped(); });
  std::this_thread::sleep_for(1ms);
  until.request_stop();
  until.join();

  auto parent = weft::spawn([]() -> weft::task<bool> {
    auto child = weft::spawn([]() -> weft::task<bool> { co_return co_await weft::this_task::sleep_for(1h); });
    co_return co_await child;  // the parent's stop request is passed on to the child
  });
  std::this_thread::sleep_for(1ms);
  parent.request_stop();
  EXPECT_FALSE(parent.join());
}

TEST(PassThroughAsync, ATaskSuspendedWhereWeftCannotSeeIsALogicError) {
  std::vector<std::coroutine_handle<>> kept;
  EXPECT_THROW(weft::block_on([&]() -> weft::task<> { co_await weft_test::foreign_awaitable{kept}; }()),
               std::logic_error);
  ASSERT_EQ(kept.size(), 1u);
  kept.front().destroy();
}

TEST(PassThroughAsync, GroupsAndWhenAllAndWhenAnyRunTasksSideBySide) {
  weft::block_on([]() -> weft::task<> {
    auto [a, b] = co_await weft::when_all([]() -> weft::task<int> { co_return 1; }(),
                                          []() -> weft::task<int> { co_return 2; }());
    EXPECT_EQ(a + b, 3);
    auto [index, value] = co_await weft::when_any(
        []() -> weft::task<int> {
          const bool slept = co_await weft::this_task::sleep_for(1h);  // stopped by the winner
          co_return slept ? 10 : -1;
        }(),
        []() -> weft::task<int> { co_return 20; }());
    EXPECT_EQ(index, 1u);
    EXPECT_EQ(value, 20);
    weft::task_group group;
    group.spawn([]() -> weft::task<> { throw std::runtime_error("child failed"); });
    group.spawn([]() -> weft::task<> { co_await weft::this_task::sleep_for(1h); });  // stopped by the failure
    bool threw = false;
    try {
      co_await group.wait();
    } catch (const std::runtime_error&) {
      threw = true;
    }
    EXPECT_TRUE(threw);
  }());
}

// The async examples' right versions, on the executor's real threads.
TEST(PassThroughAsync, TheAsyncExamplesRightVersionsRunOnRealThreads) {
  for (int round = 0; round < 50; ++round) {
    std::stop_source shutdown;
    std::jthread stopper([&] {
      std::this_thread::sleep_for(std::chrono::microseconds(round * 20));
      shutdown.request_stop();
    });
    const example::async_pipeline_result r =
        example::run_async_pipeline(200, shutdown.get_token(), example::async_shutdown::stop_the_source);
    EXPECT_EQ(r.delivered, r.produced);
    example::deposits_while_reading(example::ledger_write::after_releasing_it);
  }
}

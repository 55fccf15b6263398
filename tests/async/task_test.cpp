// weft::task and weft::spawn under the simulator: tasks scheduled at their co_awaits,
// values and exceptions through join handles, lost updates, deadlocks, leaks.
#include <gtest/gtest.h>

#include <stdexcept>
#include <coroutine>
#include <string>
#include <vector>

#include <weft/async.hpp>
#include <weft/weft.hpp>

#include "async/foreign_awaitable.hpp"
#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

weft::task<int> forty_one() { co_return 41; }

weft::task<int> plus_one() { co_return co_await forty_one() + 1; }

weft::task<int> throws_after_a_yield() {
  co_await weft::this_task::yield();
  throw std::runtime_error("task failed");
}

// Two tasks each read a shared counter, yield, and write it back: an update is lost when
// one task's read falls between the other's read and write. `guarded` holds an
// async_mutex across the whole read-modify-write (the fix).
void lost_update_between_tasks(bool guarded) {
  int counter = 0;
  weft::async_mutex m;
  auto increment = [&]() -> weft::task<> {
    weft::async_mutex::guard held;
    if (guarded) held = co_await m.lock();
    const int seen = counter;
    co_await weft::this_task::yield();
    counter = seen + 1;
  };
  auto a = weft::spawn(increment);
  auto b = weft::spawn(increment);
  a.join();
  b.join();
  WEFT_ASSERT(counter == 2, "an increment was lost");
}

}  // namespace

TEST(Task, AwaitingASubTaskRunsItInlineAndReturnsItsValue) {
  const weft::report r = weft::explore(options_for(20), [] {
    WEFT_ASSERT(weft::block_on(plus_one()) == 42);
    auto h = weft::spawn(plus_one());
    WEFT_ASSERT(h.join() == 42);
    WEFT_ASSERT(!h.joinable());
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Task, AnExceptionReachesTheTaskThatAwaitsIt) {
  const weft::report r = weft::explore(options_for(50), [] {
    auto h = weft::spawn([]() -> weft::task<std::string> {
      try {
        co_await weft::spawn(throws_after_a_yield());
      } catch (const std::runtime_error& e) {
        co_return e.what();
      }
      co_return "no exception";
    });
    WEFT_ASSERT(h.join() == "task failed");
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Task, ALostUpdateBetweenTwoTasksIsFoundByEveryStrategyAndTheFixPasses) {
  for (const char* strategy : {"random", "pct", "pos", "dfs"}) {
    SCOPED_TRACE(strategy);
    weft::options opt = options_for(strategy == std::string("dfs") ? 0 : 200, strategy);
    const weft::report buggy = weft::explore(opt, [] { lost_update_between_tasks(false); });
    ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
    EXPECT_NE(buggy.message().find("an increment was lost"), std::string::npos) << buggy;
    const weft::report replayed = weft::replay(buggy.replay_token(), [] { lost_update_between_tasks(false); });
    EXPECT_EQ(replayed.kind(), failure_kind::assertion) << replayed;
    const weft::report fixed = weft::explore(opt, [] { lost_update_between_tasks(true); });
    EXPECT_FALSE(fixed.failed()) << fixed;
  }
}

TEST(Task, ADeadlockBetweenTwoTasksNamesEachTaskAndItsCoAwaitLine) {
  const auto body = [](bool same_order) {
    weft::async_mutex first;
    weft::async_mutex second;
    auto a = weft::spawn([&]() -> weft::task<> {
      auto one = co_await first.lock();
      auto two = co_await second.lock();  // line A
    });
    auto b = weft::spawn([&, same_order]() -> weft::task<> {
      auto one = co_await (same_order ? first : second).lock();
      auto two = co_await (same_order ? second : first).lock();  // line B
    });
    a.join();
    b.join();
  };
  const unsigned line_a = __LINE__ - 9;
  const unsigned line_b = __LINE__ - 6;
  const weft::report buggy = weft::explore(options_for(500), [&] { body(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::deadlock) << buggy;
  EXPECT_TRUE(weft_test::has_thread_at(buggy, "blocked", line_a)) << buggy;
  EXPECT_TRUE(weft_test::has_thread_at(buggy, "blocked", line_b)) << buggy;
  int tasks = 0;
  for (const auto& t : buggy.threads()) tasks += t.name.rfind("task-", 0) == 0 ? 1 : 0;
  EXPECT_EQ(tasks, 2) << buggy;
  const weft::report fixed = weft::explore(options_for(500), [&] { body(true); });
  EXPECT_FALSE(fixed.failed()) << fixed;
}

TEST(Task, ATaskStillPendingWhenTheBodyReturnsIsALeakedTask) {
  const weft::report leaked = weft::explore(options_for(20), [] {
    weft::channel<int> never(1);
    auto forgotten = weft::spawn([&]() -> weft::task<> { co_await weft::async_recv(never); });
    forgotten.detach();
  });
  ASSERT_EQ(leaked.kind(), failure_kind::leaked_task) << leaked;
  EXPECT_NE(leaked.message().find("task-1"), std::string::npos) << leaked;
}

TEST(Task, AnExceptionOfATaskWhoseHandleWasDroppedIsReportedNotLost) {
  for (bool drop_first : {false, true}) {
    const weft::report r = weft::explore(options_for(100), [drop_first] {
      auto h = weft::spawn(throws_after_a_yield());
      if (!drop_first) weft::this_thread::yield();
      h.detach();
      weft::this_thread::yield();
    });
    ASSERT_EQ(r.kind(), failure_kind::exception) << r;
    EXPECT_NE(r.message().find("task failed"), std::string::npos) << r;
    EXPECT_NE(r.message().find("task-1"), std::string::npos) << r;
  }
}

TEST(Task, AwaitingAnEmptyTaskIsMisuse) {
  const weft::report r = weft::explore(options_for(5), [] {
    weft::block_on([]() -> weft::task<> {
      weft::task<int> empty;
      co_await std::move(empty);
    }());
  });
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_NE(r.message().find("empty weft::task"), std::string::npos) << r;
}

TEST(Task, AwaitingAnEmptyTaskOrAJoinHandleTwiceIsMisuse) {
  const weft::report twice = weft::explore(options_for(5), [] {
    auto h = weft::spawn(forty_one());
    weft::block_on([&]() -> weft::task<> {
      co_await h;
      co_await h;
    }());
  });
  ASSERT_EQ(twice.kind(), failure_kind::misuse) << twice;
  EXPECT_NE(twice.message().find("awaited twice"), std::string::npos) << twice;
  EXPECT_FALSE(twice.message().starts_with("weft: ")) << "the report's own prefix, twice\n" << twice;
}

TEST(Task, ATaskSuspendedWhereWeftCannotSeeIsMisuse) {
  // An awaitable of another library keeps the suspended coroutine, as an event loop
  // would; the frame is then its to resume or destroy, not weft's.
  std::vector<std::coroutine_handle<>> kept;
  const weft::report r = weft::explore(options_for(5), [&] {
    weft::block_on([&]() -> weft::task<> { co_await weft_test::foreign_awaitable{kept}; }());
  });
  for (auto frame : kept) frame.destroy();
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_NE(r.message().find("not weft's"), std::string::npos) << r;
  EXPECT_FALSE(r.message().starts_with("weft: ")) << r;
  EXPECT_FALSE(kept.empty());  // once per run: the determinism check runs the failure again
}

TEST(Task, SpawningOutsideAnExplorationIsAUsageError) {
  EXPECT_THROW((void)weft::spawn(forty_one()), weft::usage_error);
}

TEST(Task, SendingAValueOfAnotherTypeConvertsIt) {
  const weft::report r = weft::explore(options_for(5), [] {
    weft::channel<long> ids(1);
    weft::channel<std::string> names(1);
    weft::block_on([&]() -> weft::task<> {
      co_await weft::async_send(ids, 1);
      co_await weft::async_send(names, "alice");
    }());
    WEFT_ASSERT(*ids.recv() == 1 && *names.recv() == "alice");
  });
  EXPECT_FALSE(r.failed()) << r;
}

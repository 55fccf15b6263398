// Holding a weft::mutex (the thread kind) across a co_await is reported with both lines;
// an async_mutex is made for it, and a lock released before the co_await is fine.
#include <gtest/gtest.h>

#include <mutex>
#include <string>

#include <weft/async.hpp>
#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

enum class guard_kind { weft_mutex_across_await, weft_mutex_released_first, async_mutex };

// A task updates a cache entry from a channel under a lock.
void refresh(guard_kind kind) {
  weft::mutex m;
  weft::async_mutex am;
  weft::channel<int> replies(1);
  int cache = 0;
  auto updater = weft::spawn([&]() -> weft::task<> {
    if (kind == guard_kind::weft_mutex_across_await) {
      std::lock_guard held(m);  // the lock's line
      auto reply = co_await weft::async_recv(replies);  // the co_await's line
      cache = *reply.value;
    } else if (kind == guard_kind::weft_mutex_released_first) {
      auto reply = co_await weft::async_recv(replies);
      std::lock_guard held(m);
      cache = *reply.value;
    } else {
      auto held = co_await am.lock();
      auto reply = co_await weft::async_recv(replies);
      cache = *reply.value;
    }
  });
  replies.send(3);
  updater.join();
  WEFT_ASSERT(cache == 3);
}
constexpr unsigned lock_line = 28;
constexpr unsigned await_line = 29;

}  // namespace

TEST(LockAcrossAwait, HoldingAWeftMutexAcrossACoAwaitIsReportedWithBothLines) {
  const weft::report buggy = weft::explore(options_for(20), [] { refresh(guard_kind::weft_mutex_across_await); });
  ASSERT_EQ(buggy.kind(), failure_kind::lock_across_await) << buggy;
  EXPECT_EQ(buggy.location().line, await_line) << buggy;
  EXPECT_NE(buggy.message().find("lock_across_await_test.cpp:" + std::to_string(lock_line)), std::string::npos)
      << buggy;
  EXPECT_NE(buggy.message().find("task-1"), std::string::npos) << buggy;
  const weft::report replayed =
      weft::replay(buggy.replay_token(), [] { refresh(guard_kind::weft_mutex_across_await); });
  EXPECT_EQ(replayed.kind(), failure_kind::lock_across_await) << replayed;
}

TEST(LockAcrossAwait, ALockReleasedBeforeTheCoAwaitOrAnAsyncMutexIsFine) {
  for (guard_kind kind : {guard_kind::weft_mutex_released_first, guard_kind::async_mutex}) {
    const weft::report r = weft::explore(options_for(200), [kind] { refresh(kind); });
    EXPECT_FALSE(r.failed()) << r;
  }
}

TEST(LockAcrossAwait, TheCheckCanBeTurnedOff) {
  weft::options opt = options_for(50);
  opt.check_lock_across_await = false;
  const weft::report r = weft::explore(opt, [] { refresh(guard_kind::weft_mutex_across_await); });
  EXPECT_FALSE(r.failed()) << r;
  weft_test::scoped_env off("WEFT_CHECK_LOCK_ACROSS_AWAIT", "0");
  EXPECT_FALSE(weft::options{}.check_lock_across_await);
}

TEST(LockAcrossAwait, AThreadRunningATaskWithBlockOnWaitsInPlaceAndIsNotReported) {
  const weft::report r = weft::explore(options_for(20), [] {
    weft::mutex m;
    weft::channel<int> replies(1);
    replies.send(1);
    std::lock_guard held(m);
    const int reply = weft::block_on([&]() -> weft::task<int> { co_return *(co_await weft::async_recv(replies)).value; }());
    WEFT_ASSERT(reply == 1);
  });
  EXPECT_FALSE(r.failed()) << r;
}

// Injected cancellation of tasks (options::cancel_tasks): a stop request at any co_await
// of any task, and the resource a cancelled task forgets to give back.
#include <gtest/gtest.h>

#include <string>

#include <weft/async.hpp>
#include <weft/weft.hpp>

#include "support.hpp"

using weft::channel_status;
using weft::failure_kind;
using weft_test::options_for;

namespace {

// Two workers each take a connection from a pool of two, wait for a request, answer it
// and give the connection back. The buggy worker returns early when stopped while
// waiting, keeping its connection; the fixed one gives it back on every path.
void pool_body(bool fixed) {
  weft::counting_semaphore<2> connections(2);
  weft::channel<int> requests(2);
  auto worker = [&, fixed]() -> weft::task<> {
    const bool connected = co_await weft::async_acquire(connections);
    if (!connected) co_return;
    auto request = co_await weft::async_recv(requests);
    if (request.status == channel_status::stopped && !fixed) co_return;  // the leak
    connections.release();
  };
  auto a = weft::spawn(worker);
  auto b = weft::spawn(worker);
  requests.send(1);
  requests.send(2);
  a.join();
  b.join();
  WEFT_ASSERT(connections.try_acquire() && connections.try_acquire(), "a cancelled task kept its connection");
}

weft::options cancelling(const char* strategy) {
  weft::options opt = options_for(strategy == std::string("dfs") ? 0 : 2000, strategy);
  opt.cancel_tasks = true;
  return opt;
}

}  // namespace

TEST(TaskCancellation, ACancelledTaskThatKeepsItsConnectionIsFoundAndTheFixPasses) {
  for (const char* strategy : {"random", "pct", "pos", "dfs"}) {
    SCOPED_TRACE(strategy);
    const weft::report buggy = weft::explore(cancelling(strategy), [] { pool_body(false); });
    ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
    EXPECT_NE(buggy.message().find("kept its connection"), std::string::npos) << buggy;
    ASSERT_FALSE(buggy.injected().empty()) << buggy;
    EXPECT_NE(buggy.injected().front().operation.find("cancellation injected"), std::string::npos) << buggy;
    const std::string& cancelled = buggy.injected().front().object;  // the task, by name
    EXPECT_TRUE(cancelled == "t1" || cancelled == "t2") << buggy;
    EXPECT_EQ(weft::replay(buggy.replay_token(), [] { pool_body(false); }).kind(), failure_kind::assertion);
    const weft::report fixed = weft::explore(cancelling(strategy), [] { pool_body(true); });
    EXPECT_FALSE(fixed.failed()) << fixed;
  }
}

TEST(TaskCancellation, TasksAreNotCancelledUnlessAskedFor) {
  weft::options opt = options_for(500);
  const weft::report r = weft::explore(opt, [] { pool_body(false); });
  EXPECT_FALSE(r.failed()) << r;
  weft_test::scoped_env on("WEFT_CANCEL_TASKS", "1");
  EXPECT_TRUE(weft::options{}.cancel_tasks);
}

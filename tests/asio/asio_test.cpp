// Boost.Asio coroutines on weft::asio_context under the simulator: a server-side handler
// whose sessions race across a co_await is found, replayed and fixed.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <weft/asio.hpp>  // first: Boost 1.74's Asio needs <utility> before its awaitable.hpp

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <weft/weft.hpp>

#include "asio/visit_counter.hpp"
#include "support.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;
using weft::failure_kind;
using weft_test::options_for;

using weft_test::asio_visits::counting;
using weft_test::asio_visits::serve_two_visits;

TEST(Asio, ARaceBetweenTwoSessionsAcrossACoAwaitIsFoundReplayedAndFixed) {
  for (const char* strategy : {"random", "pct", "pos"}) {
    SCOPED_TRACE(strategy);
    const weft::report buggy = weft::explore(options_for(500, strategy), [] { serve_two_visits(counting::read_before_the_call); });
    ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
    EXPECT_NE(buggy.message().find("a visit was lost"), std::string::npos) << buggy;
    EXPECT_EQ(weft::replay(buggy.replay_token(), [] { serve_two_visits(counting::read_before_the_call); }).kind(),
              failure_kind::assertion);
    const weft::report fixed = weft::explore(options_for(500, strategy), [] { serve_two_visits(counting::after_the_call); });
    EXPECT_FALSE(fixed.failed()) << fixed;
  }
}

TEST(Asio, TimersExpireOnVirtualTimeAndACancelledWaitSaysSo) {
  const weft::report r = weft::explore(options_for(50), [] {
    weft::asio_context context;
    boost::system::error_code first, second;
    weft::asio_timer slow(context.get_executor());
    weft::asio_timer fast(context.get_executor());
    slow.expires_after(1h);
    fast.expires_after(10ms);
    slow.async_wait([&](boost::system::error_code e) { first = e; });
    fast.async_wait([&](boost::system::error_code e) {
      second = e;
      slow.cancel();
    });
    context.run();
    WEFT_ASSERT(!second, "the short timer did not expire");
    WEFT_ASSERT(first == asio::error::operation_aborted, "the cancelled wait did not say so");
    WEFT_ASSERT(weft::steady_clock::now().time_since_epoch() < 1h, "the cancelled timer was waited for");
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Asio, ATimerOfAnotherContextIsAClearError) {
  const weft::report r = weft::explore(options_for(1), [] {
    asio::io_context other;
    bool refused = false;
    try {
      weft::asio_timer timer(other.get_executor());
    } catch (const std::invalid_argument&) {
      refused = true;
    }
    WEFT_ASSERT(refused);
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A session object that owns a timer and is kept alive by its pending wait's handler: the
// handler, and so the session and its timer, end inside run().
TEST(Asio, AHandlerThatOwnsATimerEndsInsideRunWithoutADeadlock) {
  struct session : std::enable_shared_from_this<session> {
    explicit session(weft::asio_context& context) : timer(context.get_executor()) {}
    void start() {
      timer.expires_after(1ms);
      timer.async_wait([self = shared_from_this()](boost::system::error_code) {});
    }
    weft::asio_timer timer;
  };
  const weft::report r = weft::explore(options_for(20), [] {
    weft::asio_context context;
    std::make_shared<session>(context)->start();
    context.run();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Asio, AHandlerThatThrowsLeavesRunWhichRunsAgainAfterwards) {
  const weft::report r = weft::explore(options_for(20), [] {
    weft::asio_context context;
    asio::post(context.get_executor(), [] { throw std::runtime_error("handler failed"); });
    bool threw = false;
    try {
      context.run();
    } catch (const std::runtime_error&) {
      threw = true;
    }
    bool ran = false;
    asio::post(context.get_executor(), [&] { ran = true; });
    context.run();
    WEFT_ASSERT(threw && ran);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Asio, AContextDestroyedWithACoroutineWaitingOnATimerFreesEverything) {
  const weft::report r = weft::explore(options_for(20), [] {
    weft::asio_context context;
    asio::co_spawn(
        context.get_executor(),
        []() -> asio::awaitable<void> {
          weft::asio_timer timer(co_await asio::this_coro::executor);
          timer.expires_after(1h);
          co_await timer.async_wait(asio::use_awaitable);
        }(),
        asio::detached);
    asio::post(context.get_executor(), [&] { context.stop(); });
    context.run();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A stop request is a happens-before edge (C++20 [thread.stoptoken.intro]): what the
// requesting thread did before request_stop() happens before what a thread that sees the
// request does next. Both sides are std's own code; weft makes the edge to every thread
// it knows holds a token of the state (stop_states.hpp), so the textbook jthread worker
// that reads what was handed over with the request is not reported as a race, and a
// race the worker really has is still found.
#include <gtest/gtest.h>

#include <mutex>
#include <stop_token>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

constexpr const char* every_strategy[] = {"random", "pct", "pos", "surw", "feedback", "portfolio"};

void expect_no_failure(void (*body)()) {
  for (const char* strategy : every_strategy) {
    const weft::report r = weft::explore(options_for(2000, strategy), body);
    EXPECT_FALSE(r.failed()) << strategy << "\n" << r;
  }
  const weft::report all = weft::explore(options_for(0, "dfs"), body);
  EXPECT_FALSE(all.failed()) << all;
}

}  // namespace

// A jthread's worker polls its std::stop_token; main writes the data, then stops it.
TEST(StopRequest, AJthreadWorkerReadsWhatWasWrittenBeforeTheRequest) {
  expect_no_failure([] {
    weft::shared<int> handed_over{0};
    weft::jthread worker([&](std::stop_token stop) {
      while (!stop.stop_requested()) weft::this_thread::yield();
      WEFT_ASSERT(handed_over.load() == 42);
    });
    handed_over.store(42);
    worker.request_stop();
  });
}

// The same edge for the memory model: a relaxed store made before the request is not
// older than what the worker may read after seeing it.
TEST(StopRequest, ARelaxedStoreBeforeTheRequestIsNotReadStale) {
  expect_no_failure([] {
    weft::atomic<int> flag{0};
    weft::jthread worker([&](std::stop_token stop) {
      while (!stop.stop_requested()) weft::this_thread::yield();
      WEFT_ASSERT(flag.load(std::memory_order_relaxed) == 1);
    });
    flag.store(1, std::memory_order_relaxed);
    worker.request_stop();
  });
}

// A weft::stop_source's request, seen by a thread waiting with the token (which holds
// the token from its wait on), whichever comes first: weft watches the state from its
// creation.
TEST(StopRequest, AWaiterStoppedByAWeftStopSourceReadsWhatWasWrittenBefore) {
  expect_no_failure([] {
    weft::shared<int> handed_over{0};
    weft::mutex m;
    weft::condition_variable_any cv;
    weft::stop_source source;
    weft::thread waiter([&, token = source.get_token()] {
      std::unique_lock lock(m);
      if (!cv.wait(lock, token, [] { return false; })) WEFT_ASSERT(handed_over.load() == 7);
    });
    handed_over.store(7);
    source.request_stop();
    waiter.join();
  });
}

// A semaphore acquire that gives up on the request, and a stop callback registered after
// the request (it runs at once, on the registering thread): both see the data.
TEST(StopRequest, AGivenUpAcquireAndALateCallbackReadWhatWasWrittenBefore) {
  expect_no_failure([] {
    weft::shared<int> handed_over{0};
    weft::counting_semaphore<1> never{0};
    weft::jthread worker([&](std::stop_token stop) {
      if (!never.acquire(stop)) WEFT_ASSERT(handed_over.load() == 3);
      weft::stop_callback late(stop, [&] { WEFT_ASSERT(handed_over.load() == 3); });
    });
    handed_over.store(3);
    worker.request_stop();
  });
}

// The edge covers reads after the request only: a worker that reads before looking at
// its token races with main's write, and weft still says so.
TEST(StopRequest, AWorkerThatReadsBeforeTheRequestStillRaces) {
  for (const char* strategy : {"random", "pct", "pos", "portfolio"}) {
    const weft::report r = weft::explore(options_for(2000, strategy), [] {
      weft::shared<int> handed_over{0};
      weft::jthread worker([&](std::stop_token stop) {
        static_cast<void>(handed_over.load());
        while (!stop.stop_requested()) weft::this_thread::yield();
      });
      handed_over.store(42);
      worker.request_stop();
    });
    EXPECT_EQ(r.kind(), failure_kind::data_race) << strategy << "\n" << r;
  }
}

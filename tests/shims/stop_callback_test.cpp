// weft::stop_callback under exploration: a callback that reaches scheduling points is
// waited for by the destructor on another thread (std's is freed under it when simulated
// threads share an OS thread), registration and deregistration are points a stop request
// can fall between, and what the callback did happens before the destructor returns.
#include <gtest/gtest.h>

#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

// The textbook wakeup of a condition-variable wait by a stop request: the callback locks
// the waiter's mutex and notifies. The worker may see the request, return and destroy the
// callback while main, inside request_stop(), is still running it.
void wake_a_waiter_on_stop() {
  weft::mutex m;
  weft::condition_variable cv;
  std::stop_source source;
  weft::thread worker([&, token = source.get_token()] {
    weft::stop_callback wake(token, [&] {
      std::lock_guard hold(m);
      cv.notify_all();
    });
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return token.stop_requested(); });
  });
  weft::this_thread::yield();
  source.request_stop();
  worker.join();
}

}  // namespace

TEST(StopCallback, ADestructorWaitsForItsCallbackRunningOnAnotherThread) {
  for (const char* strategy : {"random", "pct", "pos"}) {
    const weft::report r = weft::explore(options_for(3000, strategy), wake_a_waiter_on_stop);
    EXPECT_FALSE(r.failed()) << strategy << "\n" << r;
  }
  const weft::report all = weft::explore(options_for(0, "dfs"), wake_a_waiter_on_stop);
  EXPECT_FALSE(all.failed()) << all;
  EXPECT_TRUE(all.complete()) << all;
}

// What the callback wrote, the thread that destroyed the stop_callback reads without a
// race: the destructor returns after the callback did.
TEST(StopCallback, WhatTheCallbackDidHappensBeforeTheDestructorReturns) {
  const weft::report r = weft::explore(options_for(3000), [] {
    weft::shared<int> seen{0};
    weft::mutex m;
    std::stop_source source;
    weft::thread worker([&, token = source.get_token()] {
      {
        weft::stop_callback note(token, [&] {
          std::lock_guard hold(m);  // a point inside the callback
          seen = 1;
        });
      }
      const int value = seen;
      WEFT_ASSERT(value == 0 || value == 1);
    });
    weft::this_thread::yield();
    source.request_stop();
    worker.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A stop requested while the callback is registered runs it on the requesting thread;
// the search must reach that moment between the constructor and the destructor (a stop
// requested before the constructor runs the callback in it, on the registering thread).
// Not dfs: std's request_stop is no event weft sees, so the reduction takes the threads
// for independent.
TEST(StopCallback, AStopCanFallBetweenRegistrationAndDeregistration) {
  const weft::report r = weft::explore(options_for(1000), [] {
    const weft::thread::id requester = weft::this_thread::get_id();
    bool ran_on_requester = false;
    std::stop_source source;
    weft::thread worker([&, token = source.get_token()] {
      weft::stop_callback mark(token, [&] { ran_on_requester = weft::this_thread::get_id() == requester; });
    });
    weft::this_thread::yield();
    source.request_stop();
    worker.join();
    WEFT_ASSERT(!ran_on_requester, "the callback ran inside request_stop");
  });
  EXPECT_EQ(r.kind(), failure_kind::assertion) << r;
}

// A stop requested before the callback is registered runs it in the constructor, on the
// registering thread, as std does; after the stop_callback is gone it never runs.
TEST(StopCallback, RunsInTheConstructorWhenTheStopWasRequestedAlready) {
  const weft::report r = weft::explore(options_for(0, "dfs"), [] {
    std::stop_source source;
    source.request_stop();
    int runs = 0;
    { weft::stop_callback count(source.get_token(), [&] { ++runs; }); }
    WEFT_ASSERT(runs == 1);
    weft::stop_callback never(std::stop_token{}, [&] { ++runs; });
    WEFT_ASSERT(runs == 1);
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A callback that destroys its own stop_callback is not waited for (it would wait for
// itself); std allows it.
TEST(StopCallback, ACallbackMayDestroyItsOwnStopCallback) {
  const weft::report r = weft::explore(options_for(200), [] {
    std::stop_source source;
    struct holder {
      std::optional<weft::stop_callback<std::function<void()>>> callback;
    } h;
    h.callback.emplace(source.get_token(), [&h] { h.callback.reset(); });
    source.request_stop();
    WEFT_ASSERT(!h.callback.has_value());
  });
  EXPECT_FALSE(r.failed()) << r;
}

// Outside an exploration it is std's stop_callback.
TEST(StopCallback, WorksOutsideAnExploration) {
  std::stop_source source;
  int runs = 0;
  weft::stop_callback count(source.get_token(), [&] { ++runs; });
  source.request_stop();
  EXPECT_EQ(runs, 1);
}

// A jthread's stop request is a scheduling point: the worker may reach its wait between
// checking for the stop and sleeping, and a callback that notifies without the lock then
// loses the wakeup (a deadlock). Notifying under the lock is correct.
TEST(StopCallback, AJthreadsStopRequestIsAPointSoALostWakeupIsFound) {
  for (const bool under_lock : {false, true}) {
    const weft::report r = weft::explore(options_for(2000), [under_lock] {
      weft::mutex m;
      weft::condition_variable cv;
      weft::jthread worker([&](std::stop_token stop) {
        weft::stop_callback wake(stop, [&] {
          if (under_lock) {
            std::lock_guard hold(m);
            cv.notify_all();
          } else {
            cv.notify_all();
          }
        });
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return stop.stop_requested(); });
      });
    });
    if (under_lock) {
      EXPECT_FALSE(r.failed()) << r;
    } else {
      EXPECT_EQ(r.kind(), failure_kind::deadlock) << r;
    }
  }
}

// Injected cancellations, buggify() faults and weft::random(): each bug below is found
// from scratch only because the exploration injects something, and its fix passes.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <mutex>
#include <random>
#include <set>
#include <stop_token>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

using namespace std::chrono_literals;
using weft::channel_status;
using weft::failure_kind;
using weft_test::options_for;

namespace {

weft::options with_cancellations(std::uint64_t n, std::uint64_t iterations = 2000) {
  weft::options opt = options_for(iterations);
  opt.max_cancellations = n;
  return opt;
}

// A worker moves items from `in` to `out` and can be cancelled. The buggy worker checks
// for cancellation after taking an item and drops it; the fixed one finishes forwarding
// the item it holds before it stops.
void forwarder(bool fixed) {
  weft::channel<int> in(4);
  weft::channel<int> out(4);
  weft::atomic<int> processed{0};
  std::stop_source stop;
  weft::cancellable(stop);
  weft::thread worker([&] {
    while (auto item = in.recv(stop.get_token())) {
      processed.fetch_add(1);  // some work on the item
      if (!fixed && stop.stop_requested()) break;
      out.send(*item);
    }
    out.close();
  });
  for (int i = 0; i < 3; ++i) in.send(i);
  in.close();
  int delivered = 0;
  while (out.recv()) ++delivered;
  worker.join();
  int left = 0;
  while (in.try_recv()) ++left;
  WEFT_ASSERT(delivered + left == 3, "an item was taken off the queue and dropped");
}

}  // namespace

TEST(Cancellation, ADroppedItemIsFoundOnlyWithInjectedCancellations) {
  EXPECT_FALSE(weft::explore(with_cancellations(0), [] { forwarder(false); }).failed());
  const weft::report buggy = weft::explore(with_cancellations(1), [] { forwarder(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
  bool injected = false;
  for (const auto& e : buggy.trace()) injected |= e.operation == "cancellation injected into";
  EXPECT_TRUE(injected) << buggy;
  std::ostringstream text;
  text << buggy;
  EXPECT_NE(text.str().find("injected by the exploration:"), std::string::npos) << text.str();
  EXPECT_FALSE(weft::explore(with_cancellations(1, 5000), [] { forwarder(true); }).failed());
}

namespace {

// A worker holds a slot of a semaphore while it waits for a job. Without RAII, a
// cancelled wait returns with the slot still taken.
void slot_holder(bool raii) {
  weft::counting_semaphore<2> slots(2);
  weft::channel<int> jobs(2);
  std::stop_source stop;
  weft::cancellable(stop);
  struct slot_guard {
    weft::counting_semaphore<2>& s;
    ~slot_guard() { s.release(); }
  };
  weft::thread worker([&] {
    for (;;) {
      slots.acquire();
      if (raii) {
        slot_guard guard{slots};
        if (!jobs.recv(stop.get_token())) return;
        continue;
      }
      const auto job = jobs.recv(stop.get_token());
      if (job.status == channel_status::stopped) return;  // leaks the slot
      slots.release();
      if (!job) return;
    }
  });
  jobs.send(1);
  jobs.send(2);
  jobs.close();
  worker.join();
  WEFT_ASSERT(slots.try_acquire() && slots.try_acquire(), "a semaphore slot leaked");
}

}  // namespace

TEST(Cancellation, AResourceLeakedByACancelledWaitIsFoundAndRaiiFixesIt) {
  EXPECT_FALSE(weft::explore(with_cancellations(0), [] { slot_holder(false); }).failed());
  const weft::report buggy = weft::explore(with_cancellations(1), [] { slot_holder(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
  EXPECT_NE(buggy.message().find("slot leaked"), std::string::npos);
  EXPECT_FALSE(weft::explore(with_cancellations(1, 5000), [] { slot_holder(true); }).failed());
}

// The textbook wakeup of a condition variable's waiter by a stop request: the callback
// takes the waiter's mutex, sets the flag and notifies. An injected request ran the
// callback on the waiter itself at its wait's point, holding the mutex: a false misuse.
TEST(Cancellation, AnInjectedStopRunsItsCallbacksOnAThreadHoldingNoLock) {
  const weft::report r = weft::explore(with_cancellations(1, 1000), [] {
    weft::mutex m;
    weft::condition_variable cv;
    bool stopping = false;
    std::stop_source source;
    weft::cancellable(source);
    weft::thread worker([&, token = source.get_token()] {
      std::stop_callback wake(token, [&] {
        {
          std::lock_guard hold(m);
          stopping = true;
        }
        cv.notify_all();
      });
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return stopping; });
    });
    weft::this_thread::sleep_for(1s);
    source.request_stop();
    worker.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Cancellation, JthreadsAreCancellableWhenAsked) {
  auto body = [] {
    weft::atomic<int> rounds{0};
    weft::jthread worker([&](std::stop_token stop) {
      for (int i = 0; i < 3 && !stop.stop_requested(); ++i) rounds.fetch_add(1);
    });
    worker.join();
    WEFT_ASSERT(rounds.load() == 3, "the worker was stopped early");
  };
  weft::options opt = with_cancellations(1);
  EXPECT_FALSE(weft::explore(opt, body).failed()) << "jthreads are not cancellable by default";
  opt.cancel_jthreads = true;
  EXPECT_EQ(weft::explore(opt, body).kind(), failure_kind::assertion);
}

namespace {

// A dependency that buggify() can take down for a second of virtual time.
struct flaky_dependency {
  weft::steady_clock::time_point down_until{};
  bool call() {
    const auto now = weft::steady_clock::now();
    if (now < down_until) return false;
    if (weft::buggify()) {
      down_until = now + 1s;
      return false;
    }
    return true;
  }
};

// Retries until the call succeeds: at once and forever, or with exponential backoff.
void retrying_client(bool backoff) {
  flaky_dependency dependency;
  weft::thread client([&] {
    int attempts = 1;
    auto delay = 10ms;
    while (!dependency.call()) {
      WEFT_ASSERT(++attempts <= 20, "the client hammers a failing dependency");
      if (backoff) {
        weft::this_thread::sleep_for(delay);
        delay *= 2;
      } else {
        weft::this_thread::yield();
      }
    }
  });
  client.join();
}

}  // namespace

TEST(Buggify, ARetryLoopWithoutBackoffHammersTheDependency) {
  const weft::report buggy = weft::explore(options_for(2000), [] { retrying_client(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
  std::ostringstream text;
  text << buggy;
  EXPECT_NE(text.str().find("buggify fired"), std::string::npos) << text.str();
  EXPECT_FALSE(weft::explore(options_for(5000), [] { retrying_client(true); }).failed());

  weft::options off = options_for(2000);
  off.buggify = false;
  EXPECT_FALSE(weft::explore(off, [] { retrying_client(false); }).failed());
}

TEST(Buggify, EachCallSiteFailsAtMostOncePerExecution) {
  const weft::report r = weft::explore(options_for(500), [] {
    int failures = 0;
    for (int i = 0; i < 50; ++i) failures += weft::buggify(1.0) ? 1 : 0;
    WEFT_ASSERT(failures <= 1);
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A probability outside [0, 1] (a NaN, a percentage) was taken for "never" or "always".
TEST(Buggify, AProbabilityOutsideZeroToOneIsMisuse) {
  for (const double bad : {-0.5, 25.0, std::nan("")}) {
    const weft::report r = weft::explore(options_for(5), [bad] { (void)weft::buggify(bad); });
    ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
    EXPECT_NE(r.message().find("a probability is from 0 to 1"), std::string::npos) << r;
  }
  EXPECT_THROW((void)weft::buggify(2.0), weft::usage_error);
}

TEST(Random, SameSeedSameValuesAndUsableWithDistributions) {
  auto values_for = [](std::uint64_t seed) {
    std::vector<int> seen;
    weft::explore(options_for(5, "random", seed), [&] {
      weft::random_engine engine;
      std::uniform_int_distribution<int> die(1, 6);
      for (int i = 0; i < 4; ++i) seen.push_back(die(engine));
    });
    return seen;
  };
  EXPECT_EQ(values_for(7), values_for(7));
  EXPECT_NE(values_for(7), values_for(8));
}

TEST(Replay, AFailureNeedingACancellationABuggifyAndARandomValueReplaysExactly) {
  auto body = [] {
    std::stop_source stop;
    weft::cancellable(stop);
    weft::thread t([&] {
      const bool unlucky = weft::random() % 4 == 3;
      const bool failed_call = weft::buggify(1.0);
      const bool slept = weft::this_thread::sleep_for(1s, stop.get_token());
      WEFT_ASSERT(!(unlucky && failed_call && !slept), "all three went wrong at once");
    });
    t.join();
  };
  const weft::report found = weft::explore(with_cancellations(1, 20000), body);
  ASSERT_EQ(found.kind(), failure_kind::assertion) << found;
  for (int i = 0; i < 3; ++i) {
    const weft::report again = weft::replay(found.replay_token(), body);
    ASSERT_EQ(again.kind(), failure_kind::assertion) << again;
    ASSERT_EQ(again.trace().size(), found.trace().size());
  }
}

namespace {

// Three runs of `count()` fetch_adds separated by loads: two executions have the same
// events only if all three counts agree (about 4 in a million for counts in [0, 64)).
void act_on(const std::function<std::uint64_t()>& noise) {
  weft::atomic<int> x{0};
  weft::atomic<int> separator{0};
  for (int segment = 0; segment < 3; ++segment) {
    const std::uint64_t n = noise() % 64;
    for (std::uint64_t i = 0; i < n; ++i) x.fetch_add(1);
    (void)separator.load();
  }
}

}  // namespace

TEST(Nondeterminism, StdRandInTheBodyIsReported) {
  const weft::report r = weft::explore(options_for(50), [] {
    act_on([] { return static_cast<std::uint64_t>(std::rand()); });
  });
  ASSERT_EQ(r.kind(), failure_kind::nondeterminism) << r;
  EXPECT_NE(r.message().find("differs: first run: t0 (main)"), std::string::npos) << r.message();
  EXPECT_NE(r.message().find("weft::random"), std::string::npos) << r.message();
}

TEST(Nondeterminism, TheRealClockInTheBodyIsReported) {
  const weft::report r = weft::explore(options_for(50), [] {
    act_on([] {
      const auto t = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
      return t ^ (t >> 7) ^ (t >> 13);
    });
  });
  EXPECT_EQ(r.kind(), failure_kind::nondeterminism) << r;
}

// A body that runs one more thread each time: the exploration's replay of its first run
// diverges. The report says the body is nondeterministic, not that a token went stale:
// the user gave none (it said "Was the code under test changed since the token was
// recorded?." here).
TEST(Nondeterminism, ADivergingReplayIsNotBlamedOnAToken) {
  static int runs = 0;
  runs = 0;
  const weft::report r = weft::explore(options_for(50), [] {
    ++runs;
    std::vector<weft::thread> threads;
    for (int i = 0; i < runs; ++i) threads.emplace_back([] { weft::this_thread::yield(); });
    for (weft::thread& t : threads) t.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::nondeterminism) << r;
  EXPECT_EQ(r.message().find("token"), std::string::npos) << r.message();
  EXPECT_EQ(r.message().find("?."), std::string::npos) << r.message();
  EXPECT_EQ(r.message().find(".."), std::string::npos) << r.message();
  EXPECT_NE(r.message().find("weft does not control"), std::string::npos) << r.message();
}

// Semaphores, latch and barrier in the simulated build.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

using namespace std::chrono_literals;
using weft::failure_kind;
using weft_test::options_for;

TEST(Semaphore, BoundsConcurrencyToItsCount) {
  int most_inside = 0;
  const weft::report r = weft::explore(options_for(300), [&] {
    weft::counting_semaphore<2> slots(2);
    int inside = 0;
    std::vector<weft::thread> workers;
    for (int i = 0; i < 4; ++i) {
      workers.emplace_back([&] {
        slots.acquire();
        ++inside;
        most_inside = std::max(most_inside, inside);
        WEFT_ASSERT(inside <= 2, "more holders than the semaphore allows");
        weft::this_thread::yield();
        --inside;
        slots.release();
      });
    }
    for (auto& w : workers) w.join();
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_EQ(most_inside, 2);
}

TEST(Semaphore, TimedAcquireGivesUpAndReleasePastMaxIsMisuse) {
  weft::options opt = options_for(50);
  opt.early_timeouts = false;
  const weft::report timed = weft::explore(opt, [] {
    weft::binary_semaphore s(0);
    WEFT_ASSERT(!s.try_acquire() && !s.try_acquire_for(5s));
    WEFT_ASSERT(weft::steady_clock::now().time_since_epoch() == 5s);
    s.release();
    WEFT_ASSERT(s.try_acquire_until(weft::steady_clock::now() + 1s));
  });
  EXPECT_FALSE(timed.failed()) << timed;

  const weft::report over = weft::explore(opt, [] {
    weft::binary_semaphore s(1);
    s.release();
  });
  EXPECT_EQ(over.kind(), failure_kind::misuse) << over;
  EXPECT_THROW(weft::counting_semaphore<3>(4), std::invalid_argument);
}

TEST(Latch, MainWaitsForEveryWorkerAndCountingDownTooFarIsMisuse) {
  const weft::report r = weft::explore(options_for(300), [] {
    weft::latch done(3);
    weft::atomic<int> finished{0};
    std::vector<weft::thread> workers;
    for (int i = 0; i < 3; ++i) {
      workers.emplace_back([&] {
        finished.fetch_add(1);
        done.count_down();
      });
    }
    done.wait();
    WEFT_ASSERT(finished.load() == 3 && done.try_wait());
    for (auto& w : workers) w.join();
  });
  EXPECT_FALSE(r.failed()) << r;

  const weft::report over = weft::explore(options_for(10), [] {
    weft::latch l(1);
    l.count_down(2);
  });
  EXPECT_EQ(over.kind(), failure_kind::misuse) << over;
}

TEST(Barrier, PhasesCompleteTogetherAndRunTheCompletionOnce) {
  const weft::report r = weft::explore(options_for(300), [] {
    int completions = 0;
    weft::atomic<int> in_phase[3] = {0, 0, 0};
    weft::barrier sync(3, [&]() noexcept { ++completions; });
    std::vector<weft::thread> workers;
    for (int i = 0; i < 3; ++i) {
      workers.emplace_back([&] {
        for (int phase = 0; phase < 3; ++phase) {
          in_phase[phase].fetch_add(1);
          sync.arrive_and_wait();
          WEFT_ASSERT(in_phase[phase].load() == 3, "left a phase before everyone arrived");
        }
      });
    }
    for (auto& w : workers) w.join();
    WEFT_ASSERT(completions == 3);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Barrier, ArriveAndDropShrinksLaterPhases) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::barrier sync(2);
    weft::thread leaver([&] { sync.arrive_and_drop(); });
    sync.arrive_and_wait();
    sync.arrive_and_wait();  // alone from now on: must not block
    leaver.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

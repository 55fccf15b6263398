// Fairness: a thread that keeps failing non-blocking attempts (try_lock, try_acquire,
// try_recv, a compare-exchange) in a loop is a spinner, as one that yields: every
// strategy lets the others run first, so a correct retry loop is never a livelock.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

using weft_test::options_for;

namespace {

// Spins on try_acquire (counting its passes in an atomic, so that it is not a re-read of
// an unchanged value), then blocks after `spins` passes; spins == 0 spins for ever.
class spin_then_block_semaphore {
 public:
  explicit spin_then_block_semaphore(int spins) : spins_(spins) {}
  void acquire() {
    for (int pass = 0; spins_ == 0 || pass < spins_; ++pass) {
      if (sem_.try_acquire()) return;
      passes_.fetch_add(1);
    }
    sem_.acquire();
  }
  void release() { sem_.release(); }

 private:
  int spins_;
  weft::counting_semaphore<8> sem_{0};
  weft::atomic<int> passes_{0};
};

void hand_over(int spins) {
  spin_then_block_semaphore ready(spins);
  int item = 0;
  weft::thread consumer([&] {
    ready.acquire();
    WEFT_ASSERT(item == 1);
  });
  item = 1;
  ready.release();
  consumer.join();
}

}  // namespace

TEST(Fairness, ASpinThenBlockSemaphorePassesTenThousandPctExecutions) {
  weft::options opt = options_for(10000, "pct");
  opt.max_steps = 5000;  // fewer than the spins: spinning to the end would be a livelock
  const weft::report r = weft::explore(opt, [] { hand_over(10000); });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_EQ(r.executions(), 10000u);
}

TEST(Fairness, ARetryLoopWithoutABlockingFallbackIsNoLivelockUnderAnyStrategy) {
  for (const char* strategy : {"random", "pct", "pos", "dfs"}) {
    weft::options opt = options_for(strategy == std::string("dfs") ? 0 : 2000, strategy);
    opt.max_steps = 5000;
    const weft::report r = weft::explore(opt, [] { hand_over(0); });
    EXPECT_FALSE(r.failed()) << strategy << "\n" << r;
  }
}

TEST(Fairness, SpinningOnTryLockAndCompareExchangeLetsTheHolderRun) {
  for (const char* strategy : {"pct", "pos"}) {
    weft::options opt = options_for(2000, strategy);
    opt.max_steps = 5000;
    const weft::report r = weft::explore(opt, [] {
      weft::mutex m;
      weft::atomic<bool> flag{false};
      weft::atomic<int> passes{0};
      m.lock();
      weft::thread spinner([&] {
        while (!m.try_lock()) passes.fetch_add(1);
        m.unlock();
        bool expected = false;
        while (!flag.compare_exchange_strong(expected, false)) {
          expected = false;
          passes.fetch_add(1);
        }
      });
      flag.store(true);
      m.unlock();
      flag.store(false);
      spinner.join();
    });
    EXPECT_FALSE(r.failed()) << strategy << "\n" << r;
  }
}

// The test-and-set lock written with exchange (std::atomic<bool>, not atomic_flag): an
// exchange that stores what the atomic held already changed nothing, a failed try. Counted
// as a success, the spinner kept PCT's top priority and the holder, which only has to
// store false, never ran: a livelock on correct code.
TEST(Fairness, SpinningOnAnExchangeLetsTheHolderRun) {
  for (const char* strategy : {"pct", "pos", "portfolio"}) {
    weft::options opt = options_for(2000, strategy);
    opt.max_steps = 5000;
    const weft::report r = weft::explore(opt, [] {
      weft::atomic<bool> locked{false};
      weft::shared<int> guarded{0};
      auto critical_section = [&] {
        while (locked.exchange(true, std::memory_order_acquire)) {
        }
        guarded.store(guarded.load() + 1);
        locked.store(false, std::memory_order_release);
      };
      weft::thread other(critical_section);
      critical_section();
      other.join();
      WEFT_ASSERT(guarded.load() == 2);
    });
    EXPECT_FALSE(r.failed()) << strategy << "\n" << r;
  }
}

// A timed attempt whose deadline has already passed (a zero timeout, a deadline of now)
// times out without waiting: polled in a loop it is a failed try_ like any other, so the
// thread that yielded once before delivering is not starved by the poller. Under dfs, the
// holder of a timed_mutex, whose yield is its last point (an unlock is no point), sleeps
// on that yield, which conflicts with nothing, and the poller spins on alone: the fair
// tail (execution::passed_step_limit) lets the holder run in the end.
TEST(Fairness, PollingWithAPassedDeadlineLetsTheDelivererRun) {
  using namespace std::chrono_literals;
  struct poll_case {
    const char* poll;
    std::function<void()> body;
  };
  const poll_case polls[] = {
      {"try_acquire_for(0ms)",
       [] {
         weft::binary_semaphore s(0);
         weft::thread t([&] {
           weft::this_thread::yield();
           s.release();
         });
         while (!s.try_acquire_for(0ms)) {
         }
         t.join();
       }},
      {"recv_for(0ms)",
       [] {
         weft::channel<int> ch(1);
         weft::thread t([&] {
           weft::this_thread::yield();
           ch.send(1);
         });
         while (ch.recv_for(0ms).status != weft::channel_status::ok) {
         }
         t.join();
       }},
      {"future::wait_for(0s)",
       [] {
         weft::promise<int> p;
         weft::future<int> f = p.get_future();
         weft::thread t([&] {
           weft::this_thread::yield();
           p.set_value(1);
         });
         while (f.wait_for(0s) != std::future_status::ready) {
         }
         t.join();
       }},
      {"try_lock_until(now())",
       [] {
         weft::timed_mutex m;
         weft::thread t([&] {
           std::lock_guard hold(m);
           weft::this_thread::yield();
         });
         while (!m.try_lock_until(weft::steady_clock::now())) {
         }
         m.unlock();
         t.join();
       }},
      {"try_lock_for(0ms)",
       [] {
         weft::timed_mutex m;
         weft::thread t([&] {
           std::lock_guard hold(m);
           weft::this_thread::yield();
         });
         while (!m.try_lock_for(0ms)) {
         }
         m.unlock();
         t.join();
       }},
  };
  for (const auto& [poll, body] : polls) {
    for (const char* strategy : {"random", "pct", "pos", "surw", "portfolio", "dfs"}) {
      weft::options opt = options_for(strategy == std::string("dfs") ? 0 : 300, strategy);
      opt.max_steps = 5000;
      const weft::report r = weft::explore(opt, body);
      EXPECT_FALSE(r.failed()) << poll << " under " << strategy << "\n" << r;
    }
  }
}

// std::scoped_lock (std::lock) on two mutexes, taken in both orders by three threads: its
// back-off (lock one, try the other, unlock, retry starting with the one that failed)
// ends under any schedule with chance in it, but a strategy can keep the threads in
// lock-step for ever (the portfolio's rotation walk does, pos and dfs can). Past half of
// options::max_steps, the execution is scheduled uniformly at random, and only a run
// that still makes no progress then is a livelock.
TEST(Fairness, ScopedLockOnTwoMutexesInBothOrdersIsNoLivelock) {
  for (const char* strategy : {"portfolio", "pos", "pct", "dfs"}) {
    weft::options opt = options_for(strategy == std::string("dfs") ? 3000 : 300, strategy);
    opt.max_steps = 5000;
    const weft::report r = weft::explore(opt, [] {
      weft::mutex a;
      weft::mutex b;
      int entered = 0;
      weft::thread forward([&] {
        std::scoped_lock both(a, b);
        ++entered;
      });
      weft::thread backward([&] {
        std::scoped_lock both(b, a);
        ++entered;
      });
      {
        std::scoped_lock both(a, b);
        ++entered;
      }
      forward.join();
      backward.join();
      WEFT_ASSERT(entered == 3);
    });
    EXPECT_FALSE(r.failed()) << strategy << "\n" << r;
  }
}

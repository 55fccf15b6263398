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
// thread that yielded once before delivering is not starved by the poller. Not under dfs
// when the deliverer's yield is its last point (the holder of a timed_mutex, whose unlock
// is no point): dfs puts it to sleep on that yield, which conflicts with nothing, and a
// poll with `try_lock()` spins there for ever too.
TEST(Fairness, PollingWithAPassedDeadlineLetsTheDelivererRun) {
  using namespace std::chrono_literals;
  struct poll_case {
    const char* poll;
    bool under_dfs;
    std::function<void()> body;
  };
  const poll_case polls[] = {
      {"try_acquire_for(0ms)", true,
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
      {"recv_for(0ms)", true,
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
      {"future::wait_for(0s)", true,
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
      {"try_lock_until(now())", false,
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
      {"try_lock_for(0ms)", false,
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
  for (const auto& [poll, under_dfs, body] : polls) {
    for (const char* strategy : {"random", "pct", "pos", "surw", "portfolio", "dfs"}) {
      if (strategy == std::string("dfs") && !under_dfs) continue;
      weft::options opt = options_for(strategy == std::string("dfs") ? 0 : 300, strategy);
      opt.max_steps = 5000;
      const weft::report r = weft::explore(opt, body);
      EXPECT_FALSE(r.failed()) << poll << " under " << strategy << "\n" << r;
    }
  }
}

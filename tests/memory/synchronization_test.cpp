// Each primitive orders what its contract says and nothing more (memory/synchronization.hpp):
// a thread that writes, looks at a primitive and goes on without being given anything
// (a try that fails, a wait that times out, an arrival that does not complete the phase,
// a call_once that finds the function done), then raises a relaxed flag the other thread
// waits for, is not ordered before that thread's later write, whatever that thread then
// does to the primitive. Made both ways, such looks released the looker's past into the
// primitive for the other thread to take, and these data races went unseen. Each body
// with a release/acquire flag instead (which orders the writes) passes.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <stop_token>

#include <weft/weft.hpp>

#include "support.hpp"

using namespace std::chrono_literals;

namespace {

// What the other thread does to the primitive before its write.
using gives = std::function<void()>;
// What the main thread does to it after its write; returns whether to stop looking.
using looks = std::function<bool()>;

// Main writes `data`, then looks until `look` says stop, raising the flag after each look;
// the other thread waits for the flag, runs `give` and writes `data`.
void write_look_flag(const gives& give, const looks& look, bool ordered_flag) {
  weft::shared<int> data{0};
  weft::atomic<bool> asked{false};
  weft::thread other([&] {
    while (!asked.load(ordered_flag ? std::memory_order_acquire : std::memory_order_relaxed)) {
      weft::this_thread::yield();
    }
    give();
    data.write() = 2;
  });
  data.write() = 1;
  while (!look()) asked.store(true, ordered_flag ? std::memory_order_release : std::memory_order_relaxed);
  other.join();
}

// The body without ordering (false) is a data race; the one with it (true) passes.
void expect_race_only_without_ordering(const std::function<void(bool ordered_flag)>& body) {
  const weft::report racy = weft::explore(weft_test::options_for(200), [&] { body(false); });
  EXPECT_EQ(racy.kind(), weft::failure_kind::data_race) << racy;
  const weft::report ordered = weft::explore(weft_test::options_for(200), [&] { body(true); });
  EXPECT_FALSE(ordered.failed()) << ordered;
}

}  // namespace

TEST(Synchronization, AFailedTryAcquireGivesNothingToTheNextRelease) {
  expect_race_only_without_ordering([](bool ordered_flag) {
    weft::counting_semaphore<4> slots(0);
    write_look_flag([&] { slots.release(); }, [&] { return slots.try_acquire(); }, ordered_flag);
  });
}

TEST(Synchronization, ATimedOutAcquireGivesNothingToTheNextRelease) {
  expect_race_only_without_ordering([](bool ordered_flag) {
    weft::counting_semaphore<4> slots(0);
    write_look_flag([&] { slots.release(); }, [&] { return slots.try_acquire_for(1ms); }, ordered_flag);
  });
}

TEST(Synchronization, ALatchsTryWaitGivesNothingToTheCountDown) {
  expect_race_only_without_ordering([](bool ordered_flag) {
    weft::latch done(1);
    write_look_flag([&] { done.count_down(); }, [&] { return done.try_wait(); }, ordered_flag);
  });
}

TEST(Synchronization, AReceiveThatFindsNothingGivesNothingToTheSend) {
  expect_race_only_without_ordering([](bool ordered_flag) {
    weft::channel<int> values(1);
    write_look_flag([&] { values.send(1); }, [&] { return static_cast<bool>(values.try_recv()); }, ordered_flag);
  });
}

// The main thread looks once more after the other thread's give: the looks before it
// found the function done too.
TEST(Synchronization, ACallOnceThatFindsTheFunctionDoneGivesNothingToTheNext) {
  expect_race_only_without_ordering([](bool ordered_flag) {
    weft::once_flag once;
    weft::call_once(once, [] {});
    int calls = 0;
    write_look_flag([&] { weft::call_once(once, [] {}); },
                    [&] {
                      weft::call_once(once, [] {});
                      return ++calls == 3;
                    },
                    ordered_flag);
  });
}

// Three arrivals: the main thread's and the other's do not complete the phase; a third
// thread, started after both, does, and nobody waits.
TEST(Synchronization, AnArrivalThatDoesNotCompleteThePhaseGivesNothingToTheNext) {
  expect_race_only_without_ordering([](bool ordered_flag) {
    weft::barrier<> phase(3);
    bool arrived = false;
    write_look_flag([&] { (void)phase.arrive(); },
                    [&] {
                      if (arrived) return true;
                      (void)phase.arrive();
                      arrived = true;
                      return false;
                    },
                    ordered_flag);
    (void)phase.arrive();
  });
}

// A notify orders nothing: the waiter's mutex does, if the notifier wrote under it. The
// main thread waits until it sees the notifier's flag, then waits once more, so that its
// last wait ends after the notify (made both ways, a notify gave to that wait).
TEST(Synchronization, ANotifyOrdersNothingButTheMutexDoes) {
  const auto body = [](bool written_under_the_mutex) {
    weft::mutex m;
    weft::condition_variable cv;
    weft::shared<int> data{0};
    weft::atomic<bool> notified{false};
    weft::thread notifier([&] {
      if (written_under_the_mutex) {
        std::lock_guard held(m);
        data.write() = 1;
      } else {
        data.write() = 1;
      }
      cv.notify_one();
      notified.store(true, std::memory_order_relaxed);
    });
    {
      std::unique_lock held(m);
      while (!notified.load(std::memory_order_relaxed)) cv.wait_for(held, 1ms);
      cv.wait_for(held, 1ms);
    }
    (void)data.read();
    notifier.join();
  };
  expect_race_only_without_ordering(body);
}

// Every arrival of a phase happens before the completion function, which runs on the
// last arriver: it reads what each thread wrote before arriving without a race, whichever
// thread arrives last, and arrive_and_drop arrives as arrive_and_wait does.
TEST(Synchronization, TheCompletionFunctionSeesWhatEveryArrivalWrote) {
  const weft::report r = weft::explore(weft_test::options_for(300), [] {
    weft::shared<int> partial[3] = {weft::shared<int>{0}, weft::shared<int>{0}, weft::shared<int>{0}};
    weft::shared<int> sum{0};
    const auto add_up = [&]() noexcept { sum.write() = partial[0].read() + partial[1].read() + partial[2].read(); };
    weft::barrier phase(3, add_up);
    const auto work = [&](int i, bool drop) {
      partial[i].write() = i + 1;
      if (drop) {
        phase.arrive_and_drop();
      } else {
        phase.arrive_and_wait();
      }
    };
    weft::thread first(work, 0, false);
    weft::thread second(work, 1, true);
    work(2, false);
    first.join();
    second.join();
    WEFT_ASSERT(sum.read() == 6);
  });
  EXPECT_FALSE(r.failed()) << r;
}

// The registration of a stop_callback synchronizes with its invocation: a callback run by
// the thread that requests the stop reads what the registering thread wrote before.
TEST(Synchronization, AStopCallbackSeesWhatItsRegistrarWrote) {
  const weft::report r = weft::explore(weft_test::options_for(300), [] {
    weft::shared<int> before{0};
    weft::latch requested(1);
    std::stop_source source;
    weft::thread registrar([&, token = source.get_token()] {
      before.write() = 1;
      weft::stop_callback check(token, [&] { WEFT_ASSERT(before.read() == 1); });
      requested.wait();
    });
    weft::this_thread::yield();
    source.request_stop();
    requested.count_down();
    registrar.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A channel's sends do not order the senders among themselves (one send's value goes to
// a receive, not to the next send): the first producer writes a cell and sends, the
// second waits for the first's relaxed flag, sends and writes the cell. A race, which a
// send that took what earlier sends gave hid; with a release/acquire flag, no race.
TEST(Synchronization, AChannelsSendersAreNotOrderedByOneAnothersSends) {
  const auto body = [](bool ordered_flag) {
    weft::channel<int> values(2);
    weft::shared<int> last{0};
    weft::atomic<bool> first_done{false};
    weft::thread first([&] {
      last.write() = 1;
      values.send(1);
      first_done.store(true, ordered_flag ? std::memory_order_release : std::memory_order_relaxed);
    });
    weft::thread second([&] {
      while (!first_done.load(ordered_flag ? std::memory_order_acquire : std::memory_order_relaxed)) {
        weft::this_thread::yield();
      }
      values.send(2);
      last.write() = 2;
    });
    (void)values.recv();
    (void)values.recv();
    first.join();
    second.join();
  };
  expect_race_only_without_ordering(body);
}

// A receive gives to the sends after it: a channel of capacity 1 used as a lock (send to
// take it, receive to give it back) orders the critical sections, as in Go.
TEST(Synchronization, AReceiveGivesToTheSendsAfterIt) {
  const weft::report r = weft::explore(weft_test::options_for(300), [] {
    weft::channel<int> token(1);
    weft::shared<int> count{0};
    const auto increment = [&] {
      token.send(0);
      count.write() = count.read() + 1;
      (void)token.recv();
    };
    weft::thread other(increment);
    increment();
    other.join();
    WEFT_ASSERT(count.read() == 2);
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A look that finds nothing takes nothing: a thread whose try_acquire fails after another
// thread took the only release (or whose try_wait finds one count_down of two) is not
// ordered after the releaser, and reads what it wrote in a race. A try that succeeds is.
TEST(Synchronization, ATryThatFindsNothingTakesNothing) {
  const auto semaphore = [](bool succeeds) {
    weft::counting_semaphore<2> slots(0);
    weft::shared<int> data{0};
    weft::atomic<bool> taken{false};
    weft::thread releaser([&] {
      data.write() = 1;
      slots.release(succeeds ? 2 : 1);
    });
    weft::thread taker([&] {
      slots.acquire();
      taken.store(true, std::memory_order_relaxed);
    });
    while (!taken.load(std::memory_order_relaxed)) weft::this_thread::yield();
    if (slots.try_acquire() == succeeds) (void)data.read();
    releaser.join();
    taker.join();
  };
  const auto latch = [](bool succeeds) {
    weft::latch done(2);
    weft::shared<int> data{0};
    weft::atomic<bool> counted{false};
    weft::thread counter([&] {
      data.write() = 1;
      done.count_down(succeeds ? 2 : 1);
      counted.store(true, std::memory_order_relaxed);
    });
    while (!counted.load(std::memory_order_relaxed)) weft::this_thread::yield();
    if (done.try_wait() == succeeds) (void)data.read();
    counter.join();
  };
  expect_race_only_without_ordering(semaphore);
  expect_race_only_without_ordering(latch);
}

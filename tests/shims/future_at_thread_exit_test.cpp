// promise::set_value_at_thread_exit, set_exception_at_thread_exit and
// packaged_task::make_ready_at_thread_exit: the result is stored at the call and ready
// only when the thread ends, after its thread_specific values are destroyed, and what the
// thread did until then happens before what the future's get() returns.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

using namespace std::chrono_literals;
using weft::failure_kind;
using weft_test::options_for;

namespace {

// The producer stores 42, waits until the main thread has looked at the future, writes
// `data` and ends; its thread_specific value's destructor marks `cleaned`. Stored at
// thread exit, the future is not ready while the producer lives, and once it is, `data`
// and `cleaned` are written and ordered before the get (a data race otherwise). Stored
// with set_value, the main thread may see it ready early, and reads `data` in a race
// with the producer's write.
void deliver(bool at_thread_exit) {
  weft::promise<int> p;
  weft::future<int> f = p.get_future();
  weft::shared<int> data{0};
  weft::shared<bool> cleaned{false};
  weft::latch looked(1);
  struct marker {
    weft::shared<bool>* cleaned = nullptr;
    ~marker() {
      if (cleaned != nullptr) cleaned->write() = true;
    }
  };
  weft::thread_specific<marker> mark;
  weft::thread producer([&] {
    mark.get().cleaned = &cleaned;
    if (at_thread_exit) {
      p.set_value_at_thread_exit(42);
    } else {
      p.set_value(42);
    }
    looked.wait();
    data.write() = 7;
  });
  WEFT_ASSERT(f.wait_for(0s) == weft::future_status::timeout, "the future was ready while its producer ran");
  looked.count_down();
  WEFT_ASSERT(f.get() == 42);
  WEFT_ASSERT(data.read() == 7 && cleaned.read(), "the producer's last writes were not seen");
  producer.join();
}

}  // namespace

TEST(FutureAtThreadExit, APromiseSetAtThreadExitIsReadyWhenItsThreadEnds) {
  const weft::report r = weft::explore(options_for(300), [] { deliver(true); });
  EXPECT_FALSE(r.failed()) << r;
  // Ready early: the main thread sees it while the producer runs, or reads `data` in a
  // race with its write, whichever the schedule shows first.
  const weft::report early = weft::explore(options_for(300), [] { deliver(false); });
  EXPECT_TRUE(early.kind() == failure_kind::assertion || early.kind() == failure_kind::data_race) << early;
}

TEST(FutureAtThreadExit, ASecondSetThrowsAndAnExceptionArrivesAtThreadExit) {
  const weft::report r = weft::explore(options_for(100), [] {
    weft::promise<void> p;
    weft::future<void> f = p.get_future();
    weft::thread producer([&] {
      p.set_exception_at_thread_exit(std::make_exception_ptr(std::runtime_error("late")));
      try {
        p.set_value_at_thread_exit();
        WEFT_ASSERT(false, "a second set was accepted");
      } catch (const std::future_error& e) {
        WEFT_ASSERT(e.code() == std::future_errc::promise_already_satisfied);
      }
    });
    try {
      f.get();
      WEFT_ASSERT(false, "get returned without the exception");
    } catch (const std::runtime_error& e) {
      WEFT_ASSERT(std::string(e.what()) == "late");
    }
    producer.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(FutureAtThreadExit, APackagedTaskMadeReadyAtThreadExitWaitsForItsThread) {
  const weft::report r = weft::explore(options_for(300), [] {
    weft::packaged_task<int(int)> task([](int x) { return x + 1; });
    weft::future<int> f = task.get_future();
    weft::latch looked(1);
    weft::thread runner([&] {
      task.make_ready_at_thread_exit(41);
      looked.wait();
    });
    WEFT_ASSERT(f.wait_for(0s) == weft::future_status::timeout, "ready while its thread ran");
    looked.count_down();
    WEFT_ASSERT(f.get() == 42);
    runner.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// Refused before anything is stored: the promise can still be satisfied.
TEST(FutureAtThreadExit, OutsideAnExplorationItIsAUsageErrorThatStoresNothing) {
  weft::promise<int> p;
  weft::future<int> f = p.get_future();
  EXPECT_THROW(p.set_value_at_thread_exit(1), weft::usage_error);
  p.set_value(2);
  EXPECT_EQ(f.get(), 2);
}

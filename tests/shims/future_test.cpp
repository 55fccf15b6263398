// weft::future, shared_future, promise, packaged_task and async under exploration: std's
// semantics in every schedule, and a get() that can never return found as a deadlock.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

using namespace std::chrono_literals;
using weft::failure_kind;
using weft_test::options_for;

TEST(Future, APromiseDeliversItsValueToAnotherThreadInEverySchedule) {
  const weft::report r = weft::explore(options_for(500), [] {
    weft::promise<std::string> p;
    weft::future<std::string> f = p.get_future();
    weft::thread producer([&] { p.set_value("ready"); });
    WEFT_ASSERT(f.get() == "ready");
    WEFT_ASSERT(!f.valid());
    producer.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Future, AGetThatNothingWillSatisfyIsADeadlockNamingTheFuture) {
  constexpr unsigned get_line = __LINE__ + 5;
  const weft::report r = weft::explore(options_for(100), [] {
    weft::promise<int> p;
    weft::future<int> f = p.get_future();
    weft::thread forgetful([] {});
    (void)f.get();
    forgetful.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::deadlock) << r;
  EXPECT_TRUE(weft_test::has_thread_at(r, "blocked", get_line)) << r;
  EXPECT_EQ(r.threads().front().operation, "get") << r;
}

// Waiting for a future while holding the lock its producer needs: found from scratch.
TEST(Future, WaitingForAResultWhileHoldingTheProducersLockDeadlocks) {
  const auto body = [](bool fixed) {
    weft::mutex m;
    int produced = 0;
    weft::promise<void> done;
    weft::future<void> f = done.get_future();
    weft::thread producer([&] {
      std::lock_guard g(m);
      produced = 1;
      done.set_value();
    });
    {
      std::unique_lock g(m);
      if (fixed) g.unlock();
      f.get();
    }
    producer.join();
    WEFT_ASSERT(produced == 1);
  };
  const weft::report buggy = weft::explore(options_for(1000), [&] { body(false); });
  EXPECT_EQ(buggy.kind(), failure_kind::deadlock) << buggy;
  EXPECT_FALSE(weft::explore(options_for(1000), [&] { body(true); }).failed());
}

TEST(Future, ABrokenPromiseAnExceptionAndASecondValueAreStdErrors) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::future<int> orphan;
    {
      weft::promise<int> p;
      orphan = p.get_future();
      weft::thread dropper([p = std::move(p)]() mutable { weft::promise<int> gone(std::move(p)); });
      dropper.join();
    }
    try {
      (void)orphan.get();
      WEFT_ASSERT(false, "a broken promise must throw");
    } catch (const std::future_error& e) {
      WEFT_ASSERT(e.code() == std::future_errc::broken_promise);
    }

    weft::promise<int> twice;
    twice.set_value(1);
    try {
      twice.set_value(2);
      WEFT_ASSERT(false, "a second value must throw");
    } catch (const std::future_error& e) {
      WEFT_ASSERT(e.code() == std::future_errc::promise_already_satisfied);
    }

    weft::promise<int> failing;
    weft::future<int> f = failing.get_future();
    weft::thread thrower([&] { failing.set_exception(std::make_exception_ptr(std::runtime_error("boom"))); });
    try {
      (void)f.get();
      WEFT_ASSERT(false, "the stored exception must be rethrown");
    } catch (const std::runtime_error& e) {
      WEFT_ASSERT(std::string(e.what()) == "boom");
    }
    thrower.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// An async thread's spawn names the async call's line: it named weft's own header, then
// no line.
TEST(Future, AnAsyncThreadsSpawnNamesTheAsyncCallsLine) {
  static unsigned async_line = 0;
  const weft::report r = weft::explore(options_for(20), [] {
    weft::mutex m;
    std::unique_lock hold(m);
    async_line = __LINE__ + 1;
    auto result = weft::async(std::launch::async, [&] { return std::lock_guard(m), 1; });
    (void)result.get();
  });
  ASSERT_EQ(r.kind(), failure_kind::deadlock) << r;
  const std::string text = (std::ostringstream() << r).str();
  EXPECT_EQ(text.find("packaged_task.hpp"), std::string::npos) << text;
  EXPECT_EQ(weft_test::lines_of(r, "spawn"), std::vector<unsigned>{async_line}) << r;
}

// An exception out of an async future's get() escapes the body; the report named no line
// for it, for the async thread's events or for the future's declaration. Now every one is
// the async call's line or the get's, with the policy given and without.
TEST(Future, AnExceptionFromAnAsyncFuturesGetNamesTheUsersLines) {
  static unsigned async_line = 0;
  static unsigned get_line = 0;
  const auto check = [](const weft::report& r) {
    ASSERT_EQ(r.kind(), failure_kind::exception) << r;
    EXPECT_EQ(r.location().line, async_line) << r;  // the throw, in the lambda given to async
    ASSERT_EQ(r.objects().size(), 1u) << r;
    EXPECT_EQ(r.objects()[0].declared.line, async_line) << r;
    for (const auto& e : r.trace()) {
      EXPECT_TRUE(e.where.line == async_line || e.where.line == get_line) << e.operation << "\n" << r;
    }
  };
  check(weft::explore(options_for(20), [] {
    async_line = __LINE__ + 1;
    auto f = weft::async(std::launch::async, [] { throw std::runtime_error("lost"); });
    get_line = __LINE__ + 1;
    f.get();
  }));
  check(weft::explore(options_for(20), [] {
    // A message of its own: two lambdas alike are one function to GCC (identical code
    // folding), whose debug information names the first one's line.
    async_line = __LINE__ + 1;
    auto f = weft::async([] { throw std::runtime_error("lost again"); });
    get_line = __LINE__ + 1;
    f.get();
  }));
}

TEST(Future, SettingANullExceptionIsAMisuse) {
  const weft::report r = weft::explore(options_for(5), [] {
    weft::promise<int> p;
    weft::future<int> f = p.get_future();
    p.set_exception(std::current_exception());  // outside a catch: null
    (void)f.get();
  });
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_NE(r.message().find("null exception_ptr"), std::string::npos) << r;
}

TEST(Future, ASharedFutureGivesEveryReaderTheSameValue) {
  const weft::report r = weft::explore(options_for(500), [] {
    weft::promise<int> p;
    weft::shared_future<int> shared = p.get_future().share();
    int seen[2] = {0, 0};
    weft::thread a([&, copy = shared] { seen[0] = copy.get(); });
    weft::thread b([&, copy = shared] { seen[1] = copy.get(); });
    p.set_value(7);
    a.join();
    b.join();
    WEFT_ASSERT(seen[0] == 7 && seen[1] == 7 && shared.get() == 7);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Future, WaitForTimesOutInVirtualTimeOrSeesTheResult) {
  const weft::report r = weft::explore(options_for(300), [] {
    weft::promise<int> p;
    weft::future<int> f = p.get_future();
    weft::thread late([&] {
      weft::this_thread::sleep_for(1h);
      p.set_value(1);
    });
    const auto start = weft::steady_clock::now();
    const weft::future_status status = f.wait_for(1s);
    WEFT_ASSERT(status == weft::future_status::timeout || status == weft::future_status::ready);
    if (status == weft::future_status::timeout) WEFT_ASSERT(weft::steady_clock::now() - start <= 1s);
    WEFT_ASSERT(f.get() == 1);
    late.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A wait orders the setter's work before the waiter, not the waiter's before the setter.
// The main thread writes `data`, waits for the future (timing out) and then raises a flag
// the producer spins on before it sets the future and writes `data` too. With a relaxed
// flag nothing orders the two writes: a data race in every schedule, which weft missed
// while a future's waits released the waiter's clock into the future for the next set to
// take. With a release/acquire flag the writes are ordered and no schedule races.
namespace {

void write_then_wait_then_flag(std::memory_order flag_store, std::memory_order flag_load) {
  weft::promise<int> p;
  weft::future<int> f = p.get_future();
  weft::shared<int> data{0};
  weft::atomic<bool> asked{false};
  weft::thread producer([&] {
    while (!asked.load(flag_load)) weft::this_thread::yield();
    p.set_value(1);
    data.write() = 2;
  });
  data.write() = 1;
  while (f.wait_for(1ms) == weft::future_status::timeout) asked.store(true, flag_store);
  producer.join();
}

}  // namespace

TEST(Future, AWaitThatTimesOutOrdersNothingBeforeTheLaterSet) {
  const weft::report racy = weft::explore(options_for(200), [] {
    write_then_wait_then_flag(std::memory_order_relaxed, std::memory_order_relaxed);
  });
  EXPECT_EQ(racy.kind(), failure_kind::data_race) << racy;
  const weft::report ordered = weft::explore(options_for(200), [] {
    write_then_wait_then_flag(std::memory_order_release, std::memory_order_acquire);
  });
  EXPECT_FALSE(ordered.failed()) << ordered;
}

// wait, wait_for and wait_until are waits, not gets: the threads table and the events
// called every one of them "get".
TEST(Future, WaitsAreReportedAsWaitsNotGets) {
  const weft::report r = weft::explore(options_for(5), [] {
    weft::promise<int> p;
    weft::future<int> f = p.get_future();
    WEFT_ASSERT(f.wait_for(1s) == weft::future_status::timeout);
    WEFT_ASSERT(f.wait_until(weft::steady_clock::now() + 1s) == weft::future_status::timeout);
    f.wait();  // nothing will set it: a deadlock
  });
  ASSERT_EQ(r.kind(), failure_kind::deadlock) << r;
  ASSERT_FALSE(r.threads().empty());
  EXPECT_EQ(r.threads()[0].operation, "wait") << r;
  int waits = 0;
  for (const auto& e : r.trace()) {
    EXPECT_NE(e.operation, "get") << r;
    if (e.operation == "wait") ++waits;
  }
  EXPECT_EQ(waits, 3) << r;
}

TEST(Future, APackagedTaskRunsOnAnotherThreadAndCarriesItsException) {
  const weft::report r = weft::explore(options_for(300), [] {
    weft::packaged_task<int(int)> square([](int x) { return x * x; });
    weft::future<int> f = square.get_future();
    weft::thread runner(std::move(square), 6);
    WEFT_ASSERT(f.get() == 36);
    runner.join();

    weft::packaged_task<void()> failing([] { throw std::logic_error("no"); });
    weft::future<void> g = failing.get_future();
    failing();
    try {
      g.get();
      WEFT_ASSERT(false, "the task's exception must be rethrown");
    } catch (const std::logic_error&) {
    }
    failing.reset();
    weft::future<void> again = failing.get_future();
    WEFT_ASSERT(again.wait_for(0s) == weft::future_status::timeout);
  });
  EXPECT_FALSE(r.failed()) << r;
}

namespace {

int twice(int x) { return 2 * x; }
struct scaler {
  double operator()(int x, double by) const& noexcept { return x * by; }
};

}  // namespace

// std's deduction guides: without them `packaged_task task(f)` compiled in the
// pass-through build only.
TEST(Future, APackagedTaskDeducesItsSignatureAsStdsDoes) {
  static_assert(std::is_same_v<decltype(weft::packaged_task([] { return 5; })), weft::packaged_task<int()>>);
  static_assert(std::is_same_v<decltype(weft::packaged_task(twice)), weft::packaged_task<int(int)>>);
  static_assert(std::is_same_v<decltype(weft::packaged_task(&twice)), weft::packaged_task<int(int)>>);
  static_assert(std::is_same_v<decltype(weft::packaged_task(scaler{})), weft::packaged_task<double(int, double)>>);
  static_assert(std::is_same_v<decltype(weft::packaged_task([n = 0](int x) mutable { return n += x; })),
                               weft::packaged_task<int(int)>>);
  const weft::report r = weft::explore(options_for(50), [] {
    weft::packaged_task five([] { return 5; });
    weft::packaged_task doubler(twice);
    weft::future<int> a = five.get_future();
    weft::future<int> b = doubler.get_future();
    weft::thread runner([&] {
      five();
      doubler(21);
    });
    WEFT_ASSERT(a.get() == 5 && b.get() == 42);
    runner.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Future, AsyncRunsOnItsOwnThreadAndDeferredRunsInTheWaiter) {
  const weft::report r = weft::explore(options_for(300), [] {
    const weft::thread::id caller = weft::this_thread::get_id();
    weft::future<weft::thread::id> own = weft::async(weft::launch::async, [] { return weft::this_thread::get_id(); });
    weft::future<weft::thread::id> deferred =
        weft::async(weft::launch::deferred, [] { return weft::this_thread::get_id(); });
    WEFT_ASSERT(deferred.wait_for(1s) == weft::future_status::deferred);
    WEFT_ASSERT(own.get() != caller);
    WEFT_ASSERT(deferred.get() == caller);
    weft::future<int> sum = weft::async([](int a, int b) { return a + b; }, 2, 3);
    WEFT_ASSERT(sum.get() == 5);
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A deferred function's future is never ready before get() or wait() runs it: polling it
// with wait_for until ready is a spin (each poll a scheduling point and a failed attempt),
// found as a livelock naming the future, not a loop that runs past every point until the
// stall watchdog ends the process.
TEST(Future, PollingADeferredFutureUntilReadyIsALivelockNamingTheFuture) {
  constexpr unsigned poll_line = __LINE__ + 6;
  weft::options opt = options_for(1);
  opt.max_steps = 2000;
  opt.stall_timeout = 5;
  const weft::report r = weft::explore(opt, [] {
    weft::future<int> f = weft::async(weft::launch::deferred, [] { return 1; });
    while (f.wait_for(10ms) != weft::future_status::ready) {
    }
    (void)f.get();
  });
  ASSERT_EQ(r.kind(), failure_kind::livelock) << r;
  EXPECT_TRUE(weft_test::has_thread_at(r, "running", poll_line)) << r;
  EXPECT_EQ(r.threads().front().operation, "wait on deferred") << r;
}

// The future of async joins its thread when destroyed, as std's does: no leaked thread.
TEST(Future, DroppingAnAsyncFutureWaitsForItsThread) {
  const weft::report r = weft::explore(options_for(300), [] {
    int done = 0;
    { auto ignored = weft::async(weft::launch::async, [&] { done = 1; }); }
    WEFT_ASSERT(done == 1);
  });
  EXPECT_FALSE(r.failed()) << r;
}

namespace {

// A fixed pool whose submit returns a weft::future, as a user's pool would.
class pool {
 public:
  explicit pool(int workers) {
    for (int i = 0; i < workers; ++i) {
      threads_.emplace_back([this] {
        while (auto job = jobs_.recv()) (*job)();
      });
    }
  }
  ~pool() {
    jobs_.close();
    for (auto& t : threads_) t.join();
  }
  template <class F>
  auto submit(F f) {
    using R = decltype(f());
    auto task = std::make_shared<weft::packaged_task<R()>>(std::move(f));
    weft::future<R> result = task->get_future();
    jobs_.send([task] { (*task)(); });
    return result;
  }

 private:
  weft::channel<std::function<void()>> jobs_{2};
  std::vector<weft::thread> threads_;
};

}  // namespace

TEST(Future, APoolsSubmitThenGetWorksUnderEveryStrategy) {
  for (const char* strategy : {"random", "pct", "pos"}) {
    const weft::report r = weft::explore(options_for(300, strategy), [] {
      pool p(2);
      weft::future<int> a = p.submit([] { return 1; });
      weft::future<int> b = p.submit([] { return 2; });
      weft::future<int> c = p.submit([] { return 3; });
      WEFT_ASSERT(a.get() + b.get() + c.get() == 6);
    });
    EXPECT_FALSE(r.failed()) << strategy << "\n" << r;
  }
}

// The pass-through build: weft's names are the std types, on real threads, at no cost.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <stdexcept>
#include <stop_token>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <type_traits>
#include <vector>

#include <weft/weft.hpp>

static_assert(!WEFT_SIM);
static_assert(std::is_same_v<weft::mutex, std::mutex>);
static_assert(std::is_same_v<weft::recursive_mutex, std::recursive_mutex>);
static_assert(std::is_same_v<weft::shared_mutex, std::shared_mutex>);
static_assert(std::is_same_v<weft::condition_variable, std::condition_variable>);
static_assert(std::is_same_v<weft::condition_variable_any, std::condition_variable_any>);
// The same function, not a look-alike: the pointers are equal.
constexpr auto* weft_notify_at_exit = &weft::notify_all_at_thread_exit;
static_assert(weft_notify_at_exit == &std::notify_all_at_thread_exit);
static_assert(std::is_same_v<weft::atomic<int>, std::atomic<int>>);
static_assert(std::is_same_v<weft::atomic<std::shared_ptr<int>>, std::atomic<std::shared_ptr<int>>>);
static_assert(std::is_same_v<weft::atomic_flag, std::atomic_flag>);
static_assert(std::is_same_v<weft::atomic_ref<long>, std::atomic_ref<long>>);
static_assert(std::is_same_v<weft::thread, std::thread>);
static_assert(std::is_same_v<weft::jthread, std::jthread>);
static_assert(std::is_same_v<weft::future<int>, std::future<int>>);
static_assert(std::is_same_v<weft::shared_future<int>, std::shared_future<int>>);
static_assert(std::is_same_v<weft::promise<void>, std::promise<void>>);
static_assert(std::is_same_v<weft::packaged_task<int()>, std::packaged_task<int()>>);
static_assert(std::is_same_v<weft::once_flag, std::once_flag>);
static_assert(!weft::buggify(), "buggify never fires in the pass-through build");

TEST(PassThrough, RealThreadsShareAMutexProtectedCounter) {
  weft::mutex m;
  weft::condition_variable cv;
  int count = 0;
  weft::atomic<int> done{0};
  std::vector<weft::thread> workers;
  for (int i = 0; i < 4; ++i) {
    workers.emplace_back([&] {
      weft::this_thread::set_name("worker");
      for (int n = 0; n < 1000; ++n) {
        std::lock_guard g(m);
        ++count;
      }
      done.fetch_add(1);
      cv.notify_one();
    });
  }
  {
    std::unique_lock l(m);
    cv.wait(l, [&] { return done.load() == 4; });
  }
  for (auto& w : workers) w.join();
  WEFT_ASSERT(count == 4000, "real threads lost an increment");
  EXPECT_EQ(count, 4000);
}

TEST(PassThroughChannel, RealProducersAndConsumersLoseAndDuplicateNothing) {
  constexpr int producers = 4;
  constexpr int per_producer = 2000;
  weft::channel<int> c(8);
  std::atomic<int> producers_left{producers};
  std::vector<std::atomic<int>> seen(producers * per_producer);
  std::vector<weft::thread> threads;
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([&, p] {
      for (int i = 0; i < per_producer; ++i) c.send(p * per_producer + i);
      if (producers_left.fetch_sub(1) == 1) c.close();
    });
  }
  for (int k = 0; k < 3; ++k) {
    threads.emplace_back([&] {
      while (auto item = c.recv()) seen[static_cast<std::size_t>(*item)].fetch_add(1);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& count : seen) ASSERT_EQ(count.load(), 1);
}

TEST(PassThroughChannel, TimeoutsStopsAndCloseReportWhyAndKeepTheItem) {
  using namespace std::chrono_literals;
  EXPECT_THROW(weft::channel<int>(0), std::invalid_argument);
  weft::channel<std::unique_ptr<int>> c(1);
  EXPECT_EQ(c.recv_for(5ms).status, weft::channel_status::timed_out);
  c.send(std::make_unique<int>(1));
  auto full = c.send_for(std::make_unique<int>(2), 5ms);
  ASSERT_EQ(full.status, weft::channel_status::timed_out);
  EXPECT_EQ(**full.unsent, 2);
  EXPECT_EQ(c.try_send(std::make_unique<int>(3)).status, weft::channel_status::full);

  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(5ms);
    stop.request_stop();
  });
  auto stopped = c.send(std::make_unique<int>(4), stop.get_token());
  EXPECT_EQ(stopped.status, weft::channel_status::stopped);
  EXPECT_EQ(**stopped.unsent, 4);

  c.close();
  EXPECT_THROW(c.send(std::make_unique<int>(5)), weft::channel_closed);
  EXPECT_EQ(**c.recv(), 1);
  EXPECT_FALSE(c.recv().has_value());
  EXPECT_EQ(c.try_recv().status, weft::channel_status::closed);
}

TEST(PassThrough, FuturesAndCallOnceAreStds) {
  weft::once_flag flag;
  std::atomic<int> runs{0};
  auto result = weft::async(weft::launch::async, [&] {
    weft::call_once(flag, [&] { ++runs; });
    return 6;
  });
  weft::call_once(flag, [&] { ++runs; });
  EXPECT_EQ(result.get(), 6);
  EXPECT_EQ(runs.load(), 1);
}

TEST(PassThrough, AtomicSharedPtrIsStds) {
  weft::atomic<std::shared_ptr<const int>> current{std::make_shared<const int>(0)};
  std::vector<weft::thread> adders;
  for (int i = 0; i < 4; ++i) {
    adders.emplace_back([&] {
      for (int n = 0; n < 100; ++n) {
        std::shared_ptr<const int> seen = current.load();
        while (!current.compare_exchange_weak(seen, std::make_shared<const int>(*seen + 1))) {
        }
      }
    });
  }
  for (auto& a : adders) a.join();
  EXPECT_EQ(*current.load(), 400);
}

// std's example, on a real thread.
TEST(PassThrough, NotifyAllAtThreadExitIsStds) {
  weft::mutex m;
  weft::condition_variable cv;
  bool ready = false;
  weft::thread worker([&] {
    std::unique_lock lock(m);
    ready = true;
    weft::notify_all_at_thread_exit(cv, std::move(lock));
  });
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return ready; });
  }
  worker.join();
  EXPECT_TRUE(ready);
}

TEST(PassThrough, ThreadSpecificGivesEachRealThreadItsOwnValue) {
  weft::thread_specific<int> slot(7);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      if (*slot != 7) ++wrong;
      slot = i;
      std::this_thread::yield();
      if (*slot != i) ++wrong;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(*slot, 7);
}

namespace {

std::atomic<int> connections_made{0};
std::atomic<int> connections_destroyed{0};

// Cannot be copied or moved, as a thread_local of it can be.
struct connection {
  connection() { ++connections_made; }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection() { ++connections_destroyed; }
};

}  // namespace

// Each real thread's value is made in place once and destroyed once, at the thread's exit.
TEST(PassThrough, ThreadSpecificMakesEachThreadsValueOnceInPlace) {
  connections_made = 0;
  connections_destroyed = 0;
  weft::thread_specific<connection> per_thread;
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back([&] { (void)per_thread.get(); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(connections_made.load(), 3);
  EXPECT_EQ(connections_destroyed.load(), 3);
}

TEST(PassThrough, SharedIsAPlainValueOfTheSameSize) {
  static_assert(sizeof(weft::shared<long>) == sizeof(long));
  weft::shared<int> counter;
  counter.write() += 2;
  counter = counter + 1;
  EXPECT_EQ(counter.read(), 3);
  weft::atomic_thread_fence(std::memory_order_seq_cst);
  weft::atomic_signal_fence(std::memory_order_seq_cst);
}

TEST(PassThrough, StopSourceIsStds) {
  static_assert(std::is_same_v<weft::stop_source, std::stop_source>);
  weft::stop_source source;
  EXPECT_TRUE(source.request_stop());
  EXPECT_TRUE(source.get_token().stop_requested());
}

TEST(PassThrough, StopCallbackIsStds) {
  static_assert(std::is_base_of_v<std::stop_callback<std::function<void()>>, weft::stop_callback<std::function<void()>>>);
  std::stop_source source;
  int runs = 0;
  weft::stop_callback count(source.get_token(), [&] { ++runs; });
  source.request_stop();
  EXPECT_EQ(runs, 1);
}

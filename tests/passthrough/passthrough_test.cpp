// The pass-through build: weft's names are the std types, on real threads, at no cost.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
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
static_assert(std::is_same_v<weft::atomic<int>, std::atomic<int>>);
static_assert(std::is_same_v<weft::atomic_flag, std::atomic_flag>);
static_assert(std::is_same_v<weft::thread, std::thread>);
static_assert(std::is_same_v<weft::jthread, std::jthread>);

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

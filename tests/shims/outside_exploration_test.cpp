// The simulated build's primitives outside weft::explore: one thread and no clock. What
// completes on one thread completes; what would wait (for another thread, or for time to
// pass) or misuses a primitive throws weft::usage_error. Never a silent wrong answer.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <shared_mutex>

#include <weft/errors.hpp>
#include <weft/weft.hpp>

using namespace std::chrono_literals;

TEST(OutsideExploration, AMutexWorksOnOneThreadAndMisuseThrows) {
  weft::mutex m;
  m.lock();
  EXPECT_FALSE(m.try_lock());
  EXPECT_THROW(m.lock(), weft::usage_error);  // relocking would deadlock
  m.unlock();
  EXPECT_THROW(m.unlock(), weft::usage_error);  // not locked
  { std::lock_guard g(m); }
  EXPECT_TRUE(m.try_lock());
  m.unlock();
}

TEST(OutsideExploration, ARecursiveMutexCountsItsLocks) {
  weft::recursive_mutex m;
  m.lock();
  m.lock();
  m.unlock();
  m.unlock();
  EXPECT_THROW(m.unlock(), weft::usage_error);
}

TEST(OutsideExploration, ASharedMutexTracksReadersAndMisuseThrows) {
  weft::shared_mutex m;
  m.lock_shared();
  EXPECT_FALSE(m.try_lock());
  m.unlock_shared();
  EXPECT_THROW(m.unlock_shared(), weft::usage_error);
  { std::unique_lock g(m); }
}

TEST(OutsideExploration, WaitingForTimeThrowsForThereIsNoClock) {
  EXPECT_THROW(weft::this_thread::sleep_for(1h), weft::usage_error);
  EXPECT_THROW(weft::this_thread::sleep_until(weft::steady_clock::now() + 1ms), weft::usage_error);
  weft::this_thread::sleep_for(0s);  // nothing to wait for
  EXPECT_EQ(weft::steady_clock::now().time_since_epoch().count(), 0);

  weft::timed_mutex m;
  EXPECT_TRUE(m.try_lock_for(1s));
  EXPECT_THROW((void)m.try_lock_for(1s), weft::usage_error);
  EXPECT_FALSE(m.try_lock_for(0s));
  m.unlock();
}

TEST(OutsideExploration, WaitingForAnotherThreadThrows) {
  weft::mutex m;
  weft::condition_variable cv;
  std::unique_lock lock(m);
  EXPECT_THROW(cv.wait(lock), weft::usage_error);
  EXPECT_THROW((void)cv.wait_for(lock, 1s), weft::usage_error);
  cv.notify_one();  // nobody to wake: fine

  weft::channel<int> ch(1);
  ch.send(1);
  EXPECT_THROW(ch.send(2), weft::usage_error);
  EXPECT_EQ(ch.recv(), 1);
  EXPECT_THROW((void)ch.recv(), weft::usage_error);

  weft::counting_semaphore<2> s(0);
  EXPECT_FALSE(s.try_acquire());
  EXPECT_THROW(s.acquire(), weft::usage_error);
  s.release();
  s.acquire();

  weft::latch l(1);
  EXPECT_THROW(l.wait(), weft::usage_error);
  l.count_down();
  l.wait();

  weft::atomic<int> a{0};
  EXPECT_THROW(a.wait(0), weft::usage_error);
  a.wait(1);  // the value differs: returns at once

  EXPECT_THROW(weft::thread([] {}), weft::usage_error);
}

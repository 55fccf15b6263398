// A weft object used after its destructor ran, or memory that no longer holds one, is a
// misuse report naming the object, the line that used it and who destroyed it; never a
// crash in weft and never a silent pass. The objects are built in raw storage so that
// the test controls when they die and what their memory holds afterwards.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <new>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

// Raw storage for one T, built and destroyed by hand.
template <class T>
struct storage {
  alignas(T) unsigned char bytes[sizeof(T)];
  template <class... Args>
  T& build(Args&&... args) {
    return *new (bytes) T(std::forward<Args>(args)...);
  }
  void scribble() { std::memset(bytes, 0x5a, sizeof bytes); }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(DestroyedObject, AMutexLockedAfterItsDestructorRanIsAMisuse) {
  constexpr unsigned used_line = __LINE__ + 7;
  const weft::report r = weft::explore(options_for(10), [] {
    storage<weft::mutex> room;
    weft::mutex& m = room.build();
    m.lock();
    m.unlock();
    std::destroy_at(&m);
    m.lock();
  });
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_TRUE(contains(r.message(), "mutex#1")) << r.message();
  EXPECT_TRUE(contains(r.message(), "after t0 (main) destroyed it")) << r.message();
  EXPECT_TRUE(contains(r.message(), "destroyed_object_test.cpp:" + std::to_string(used_line))) << r.message();
}

TEST(DestroyedObject, MemoryThatNoLongerHoldsAMutexIsAMisuse) {
  const weft::report r = weft::explore(options_for(10), [] {
    storage<weft::mutex> room;
    weft::mutex& m = room.build();
    std::destroy_at(&m);
    room.scribble();  // its memory reused by something else
    m.lock();
  });
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_TRUE(contains(r.message(), "whose memory no longer holds one")) << r.message();
}

// Unlocking is noexcept: the misuse is reported and the dead memory left alone.
TEST(DestroyedObject, UnlockingADestroyedMutexIsAMisuseAndWritesNothing) {
  const weft::report r = weft::explore(options_for(10), [] {
    storage<weft::mutex> room;
    weft::mutex& m = room.build();
    m.lock();
    m.unlock();
    std::destroy_at(&m);
    room.scribble();
    m.unlock();
    for (unsigned char b : room.bytes) WEFT_ASSERT(b == 0x5a, "weft wrote into a destroyed mutex");
  });
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_TRUE(contains(r.message(), "no longer holds one")) << r.message();
}

TEST(DestroyedObject, EveryPrimitiveUsedAfterDestructionIsAMisuse) {
  const auto expect_misuse = [](const char* what, auto use_after_destruction) {
    const weft::report r = weft::explore(options_for(10), use_after_destruction);
    EXPECT_EQ(r.kind(), failure_kind::misuse) << what << "\n" << r;
    EXPECT_TRUE(contains(r.message(), "destroyed it")) << what << ": " << r.message();
  };
  expect_misuse("condition_variable", [] {
    storage<weft::condition_variable> room;
    weft::condition_variable& cv = room.build();
    cv.notify_one();
    std::destroy_at(&cv);
    cv.notify_all();
  });
  expect_misuse("channel", [] {
    storage<weft::channel<int>> room;
    weft::channel<int>& ch = room.build(1);
    ch.send(1);
    std::destroy_at(&ch);
    (void)ch.try_recv();
  });
  expect_misuse("atomic", [] {
    storage<weft::atomic<int>> room;
    weft::atomic<int>& a = room.build(0);
    a.store(1);
    std::destroy_at(&a);
    a.notify_one();
  });
  expect_misuse("semaphore", [] {
    storage<weft::counting_semaphore<4>> room;
    weft::counting_semaphore<4>& s = room.build(1);
    s.release();
    std::destroy_at(&s);
    (void)s.try_acquire();
  });
  expect_misuse("latch", [] {
    storage<weft::latch> room;
    weft::latch& l = room.build(2);
    l.count_down();
    std::destroy_at(&l);
    (void)l.try_wait();
  });
}

// A thread blocked on a mutex that another thread destroys: the destruction is the
// misuse reported, and the waiter is unwound while the mutex still exists.
TEST(DestroyedObject, DestroyingAMutexAThreadWaitsForIsAMisuse) {
  const weft::report r = weft::explore(options_for(200), [] {
    storage<weft::mutex> room;
    weft::mutex& m = room.build();
    m.lock();
    weft::thread waiter([&] { std::lock_guard g(m); });
    weft::this_thread::yield();
    m.unlock();
    std::destroy_at(&m);
    waiter.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_TRUE(contains(r.message(), "destroyed while t1 waits to lock it") || contains(r.message(), "destroyed it"))
      << r.message();
}

namespace {
weft::mutex locked_by_the_host;
}  // namespace

// A mutex the code around explore() left locked cannot be unlocked by any simulated
// thread: using it inside is a misuse, not a silent "free" mutex.
TEST(DestroyedObject, AMutexLockedOutsideTheExplorationIsAMisuseInside) {
  locked_by_the_host.lock();
  const weft::report r = weft::explore(options_for(10), [] { std::lock_guard g(locked_by_the_host); });
  locked_by_the_host.unlock();
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_TRUE(contains(r.message(), "locked outside weft::explore")) << r.message();
  EXPECT_FALSE(weft::explore(options_for(10), [] { std::lock_guard g(locked_by_the_host); }).failed());
}

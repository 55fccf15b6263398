// A weft object used after its destructor ran, or memory that no longer holds one, is a
// misuse report naming the object, the line that used it and who destroyed it; never a
// crash in weft and never a silent pass. The objects are built in raw storage so that
// the test controls when they die and what their memory holds afterwards.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
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

namespace {

// A thread announces that it is about to use a T (made by `make` in raw storage), then
// uses it; the main thread destroys it as soon as it heard. In the schedules where the
// user stands at its operation's scheduling point then, the operation would run on the
// dead object when the user goes on.
template <class T, class Make, class Use>
weft::report destroyed_while_about_to_use(Make make, Use use) {
  return weft::explore(options_for(500), [make, use] {
    storage<T> room;
    T& object = *new (room.bytes) T(make());
    weft::atomic<bool> about_to_use{false};
    weft::thread user([&] {
      about_to_use.store(true);
      use(object);
    });
    while (!about_to_use.load()) weft::this_thread::yield();
    std::destroy_at(&object);
    user.join();
  });
}

// The use (whose operation is at `line`) on an object destroyed at its scheduling point
// is reported as a use after destruction at that line, not run.
template <class T, class Make, class Use>
void expect_use_at_point_reported(unsigned line, Make make, Use use) {
  const weft::report r = destroyed_while_about_to_use<T>(make, use);
  EXPECT_EQ(r.kind(), failure_kind::misuse) << "line " << line << "\n" << r;
  EXPECT_TRUE(contains(r.message(), "after t0 (main) destroyed it")) << r.message();
  EXPECT_TRUE(contains(r.message(), "destroyed_object_test.cpp:" + std::to_string(line))) << r.message();
}

template <class T, class... Args>
auto made(Args... args) {
  return [=] { return T(args...); };
}

}  // namespace

// Every primitive's operation passes a point before its effect: each re-checks its object
// there (one compare), as weft::condition_variable's notify_all once did not.
TEST(DestroyedObject, AnObjectDestroyedWhileAThreadStandsAtItsOperationsPointIsAMisuse) {
  using cv = weft::condition_variable;
  using cv_any = weft::condition_variable_any;
  using counter = weft::atomic<int>;
  using flag = weft::atomic_flag;
  using semaphore = weft::counting_semaphore<4>;
  using channel = weft::channel<int>;
  expect_use_at_point_reported<cv>(__LINE__, made<cv>(), [](auto& c) { c.notify_all(); });
  expect_use_at_point_reported<cv>(__LINE__, made<cv>(), [](auto& c) { c.notify_one(); });
  expect_use_at_point_reported<cv_any>(__LINE__, made<cv_any>(), [](auto& c) { c.notify_all(); });
  expect_use_at_point_reported<counter>(__LINE__, made<counter>(0), [](auto& a) { a.store(1); });
  expect_use_at_point_reported<counter>(__LINE__, made<counter>(0), [](auto& a) { (void)a.load(); });
  expect_use_at_point_reported<counter>(__LINE__, made<counter>(0), [](auto& a) { (void)a.fetch_add(1); });
  expect_use_at_point_reported<counter>(__LINE__, made<counter>(0), [](auto& a) { (void)a.exchange(1); });
  expect_use_at_point_reported<counter>(__LINE__ + 2, made<counter>(0), [](auto& a) {
    int expected = 0;
    (void)a.compare_exchange_strong(expected, 1);
  });
  expect_use_at_point_reported<counter>(__LINE__, made<counter>(0), [](auto& a) { a.wait(1); });
  expect_use_at_point_reported<counter>(__LINE__, made<counter>(0), [](auto& a) { a.notify_all(); });
  expect_use_at_point_reported<flag>(__LINE__, made<flag>(), [](auto& f) { (void)f.test_and_set(); });
  expect_use_at_point_reported<semaphore>(__LINE__, made<semaphore>(0), [](auto& s) { s.release(); });
  expect_use_at_point_reported<semaphore>(__LINE__, made<semaphore>(1), [](auto& s) { s.acquire(); });
  expect_use_at_point_reported<semaphore>(__LINE__, made<semaphore>(1), [](auto& s) { (void)s.try_acquire(); });
  expect_use_at_point_reported<weft::latch>(__LINE__, made<weft::latch>(2), [](auto& l) { l.count_down(); });
  expect_use_at_point_reported<weft::latch>(__LINE__, made<weft::latch>(0), [](auto& l) { (void)l.try_wait(); });
  expect_use_at_point_reported<weft::barrier<>>(__LINE__, made<weft::barrier<>>(2), [](auto& b) { (void)b.arrive(); });
  expect_use_at_point_reported<channel>(__LINE__, made<channel>(1), [](auto& c) { c.send(1); });
  expect_use_at_point_reported<channel>(__LINE__, made<channel>(1), [](auto& c) { (void)c.try_recv(); });
  expect_use_at_point_reported<channel>(__LINE__, made<channel>(1), [](auto& c) { c.close(); });
  expect_use_at_point_reported<channel>(__LINE__, made<channel>(1), [](auto& c) { (void)c.is_closed(); });
  expect_use_at_point_reported<weft::once_flag>(__LINE__ + 1, made<weft::once_flag>(), [](auto& once) {
    weft::call_once(once, [] {});
  });
  const auto ready_future = [] {
    weft::promise<int> p;
    p.set_value(1);
    return p.get_future();
  };
  expect_use_at_point_reported<weft::future<int>>(__LINE__ + 1, ready_future, [](auto& f) {
    (void)f.wait_for(std::chrono::seconds(0));
  });
  // Locks, which would be destroyed held if they ran: the unlock on its own line.
  expect_use_at_point_reported<weft::mutex>(__LINE__ + 1, made<weft::mutex>(), [](auto& m) {
    m.lock();
    m.unlock();
  });
  expect_use_at_point_reported<weft::mutex>(__LINE__ + 1, made<weft::mutex>(), [](auto& m) {
    if (m.try_lock())
      m.unlock();
  });
  expect_use_at_point_reported<weft::shared_mutex>(__LINE__ + 1, made<weft::shared_mutex>(), [](auto& m) {
    m.lock_shared();
    m.unlock_shared();
  });
  expect_use_at_point_reported<weft::shared_mutex>(__LINE__ + 1, made<weft::shared_mutex>(), [](auto& m) {
    if (m.try_lock_shared())
      m.unlock_shared();
  });
}

// The tester's case: notify after the unlock, to a waiter that may wake without it (a
// spurious wakeup) and delete the event at once.
TEST(DestroyedObject, NotifyingAnEventItsWaiterDeletedIsAMisuse) {
  struct event {
    weft::mutex m;
    weft::condition_variable cv;
    bool set = false;
  };
  constexpr unsigned notify_line = __LINE__ + 9;
  const weft::report r = weft::explore(options_for(2000), [] {
    storage<event> room;
    event& e = room.build();
    weft::thread signaller([&] {
      {
        std::lock_guard lock(e.m);
        e.set = true;
      }
      e.cv.notify_all();
    });
    {
      std::unique_lock lock(e.m);
      e.cv.wait(lock, [&] { return e.set; });
    }
    std::destroy_at(&e);
    signaller.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_TRUE(contains(r.message(), "condition_variable#")) << r.message();
  EXPECT_TRUE(contains(r.message(), "destroyed_object_test.cpp:" + std::to_string(notify_line))) << r.message();
}

// A waiter woken spuriously touches the condition variable no more: destroying it once
// every waiter was notified is std's rule, kept even when that waiter still stands at the
// point on its way out of wait().
TEST(DestroyedObject, DestroyingAConditionVariableOnceEveryWaiterWasNotifiedIsNoMisuse) {
  const weft::report r = weft::explore(options_for(2000), [] {
    weft::mutex m;
    bool waiting = false;
    bool set = false;
    storage<weft::condition_variable> room;
    weft::condition_variable& cv = room.build();
    weft::thread waiter([&] {
      std::unique_lock lock(m);
      waiting = true;
      while (!set) cv.wait(lock);
    });
    for (bool seen = false; !seen; weft::this_thread::yield()) {
      std::lock_guard lock(m);
      seen = set = waiting;
    }
    cv.notify_all();
    std::destroy_at(&cv);
    waiter.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// std lets a latch be destroyed once its count is zero, before the waiters it unblocked
// return: the last arrive_and_wait's thread may destroy it while another still stands at
// its wait. Destroyed with the count above zero, that waiter would wait for ever.
TEST(DestroyedObject, ALatchMayBeDestroyedBeforeItsUnblockedWaitersReturn) {
  const weft::report ok = weft::explore(options_for(2000), [] {
    storage<weft::latch> room;
    weft::latch& done = room.build(2);
    weft::thread worker([&] { done.arrive_and_wait(); });
    done.arrive_and_wait();
    std::destroy_at(&done);
    worker.join();
  });
  EXPECT_FALSE(ok.failed()) << ok;

  const weft::report early = destroyed_while_about_to_use<weft::latch>(made<weft::latch>(1),
                                                                      [](auto& l) { l.wait(); });
  ASSERT_EQ(early.kind(), failure_kind::misuse) << early;
  EXPECT_TRUE(contains(early.message(), "destroyed with its count at 1 while t1 is about to wait on it") ||
              contains(early.message(), "destroyed while t1 waits on it"))
      << early.message();
}

// weft's mutexes with the standard lock types, under exploration.
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <source_location>
#include <sstream>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

using weft_test::options_for;

TEST(Mutex, StandardLockTypesKeepCountsExactInEverySchedule) {
  const weft::report r = weft::explore(options_for(500), [] {
    weft::mutex m;
    weft::mutex other;
    // A load and a separate store: two scheduling points inside each critical section,
    // so an update is lost unless the lock really excludes the other threads.
    weft::atomic<int> count{0};
    const auto increment = [&] { count.store(count.load() + 1); };
    auto work = [&](int style) {
      for (int i = 0; i < 3; ++i) {
        if (style == 0) {
          std::lock_guard g(m);
          increment();
        } else if (style == 1) {
          std::unique_lock l(m, std::defer_lock);
          l.lock();
          increment();
          l.unlock();
          l.lock();
          WEFT_ASSERT(l.owns_lock());
        } else {
          std::scoped_lock both(other, m);
          increment();
        }
      }
    };
    weft::thread a(work, 0);
    weft::thread b(work, 1);
    weft::thread c(work, 2);
    a.join();
    b.join();
    c.join();
    WEFT_ASSERT(count.load() == 9);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Mutex, TryLockFailsWhileHeldAndRecursiveMutexCountsDepth) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::mutex m;
    weft::recursive_mutex rm;
    weft::atomic<bool> held{false};
    weft::atomic<bool> release{false};
    weft::thread holder([&] {
      std::lock_guard g(m);
      held.store(true);
      while (!release.load()) weft::this_thread::yield();
    });
    while (!held.load()) weft::this_thread::yield();
    WEFT_ASSERT(!m.try_lock(), "try_lock succeeded on a held mutex");
    release.store(true);
    holder.join();
    WEFT_ASSERT(m.try_lock());
    m.unlock();
    rm.lock();
    WEFT_ASSERT(rm.try_lock());
    rm.unlock();
    rm.unlock();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Mutex, SharedMutexAdmitsReadersTogetherAndWritersAlone) {
  int most_readers = 0;
  const weft::report r = weft::explore(options_for(500), [&] {
    weft::shared_mutex m;
    int readers = 0;
    int writers = 0;
    auto reader = [&] {
      std::shared_lock l(m);
      ++readers;
      most_readers = std::max(most_readers, readers);
      WEFT_ASSERT(writers == 0);
      weft::this_thread::yield();
      --readers;
    };
    auto writer = [&] {
      std::lock_guard l(m);
      ++writers;
      WEFT_ASSERT(readers == 0 && writers == 1);
      weft::this_thread::yield();
      --writers;
    };
    weft::thread a(reader);
    weft::thread b(reader);
    weft::thread c(writer);
    a.join();
    b.join();
    c.join();
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_EQ(most_readers, 2) << "two readers never held the lock together";
}

TEST(Mutex, ReportsNameTheLineOfTheLockGuard) {
  static unsigned guard_line = 0;
  static unsigned declared_line = 0;
  const weft::report r = weft::explore(options_for(500), [] {
    declared_line = __LINE__ + 1;
    weft::mutex m;
    weft::thread t([&] {
      guard_line = __LINE__ + 1;
      std::lock_guard g(m);
      m.lock();
    });
    t.join();
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::misuse) << r;
  EXPECT_EQ(r.location().line, guard_line + 1) << r;
  bool guard_seen = false;
  for (const auto& e : r.trace()) guard_seen |= e.operation == "lock" && e.where.line == guard_line;
  EXPECT_TRUE(guard_seen) << "the lock_guard's lock was not recorded at the user's line\n" << r;
  ASSERT_EQ(r.objects().size(), 1u);
  EXPECT_EQ(r.objects()[0].label, "mutex#1");
  EXPECT_EQ(r.objects()[0].declared.line, declared_line);
}

// std::scoped_lock of several weft mutexes locks, tries and unlocks at the user's line,
// where std::lock's own back-off would name lines inside <mutex>.
TEST(Mutex, ReportsNameTheLineOfAScopedLockOfSeveralMutexes) {
  const weft::report r = weft::explore(options_for(500), [] {
    weft::mutex a;
    weft::timed_mutex b;
    weft::mutex c;
    weft::thread t([&] {
      std::scoped_lock both(a, b);
      std::lock_guard g(c);
    });
    {
      std::lock_guard g(c);
      std::scoped_lock both(b, a);
    }
    t.join();
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::deadlock) << r;
  const std::string here = std::source_location::current().file_name();
  bool tried = false;
  for (const auto& e : r.trace()) {
    EXPECT_EQ(e.where.file, here) << e.operation << " " << e.object << " at " << e.where.file << ":" << e.where.line;
    tried |= e.operation == "try_lock";
  }
  EXPECT_TRUE(tried) << "the deadlock needs a failed try of the second mutex first\n" << r;
  for (const auto& t : r.threads()) EXPECT_EQ(t.where.file, here) << t.name;
}

// Three threads taking two mutexes in both orders through std::scoped_lock: it never
// deadlocks, and every thread gets both.
TEST(Mutex, ScopedLockOfSeveralMutexesNeverDeadlocks) {
  for (const char* strategy : {"random", "pct", "dfs"}) {
    const weft::report r = weft::explore(options_for(strategy == std::string("dfs") ? 20000 : 2000, strategy), [] {
      weft::mutex a;
      weft::recursive_mutex b;
      weft::shared_mutex c;
      int entered = 0;
      weft::thread forward([&] {
        std::scoped_lock all(a, b, c);
        ++entered;
      });
      weft::thread backward([&] {
        std::scoped_lock all(c, b, a);
        ++entered;
      });
      {
        std::scoped_lock two(b, a);
        ++entered;
      }
      forward.join();
      backward.join();
      WEFT_ASSERT(entered == 3);
      a.lock();
      b.lock();
      { std::scoped_lock adopted(std::adopt_lock, a, b); }
      WEFT_ASSERT(a.try_lock(), "the scoped_lock that adopted a did not unlock it");
      a.unlock();
    });
    EXPECT_FALSE(r.failed()) << strategy << "\n" << r;
  }
}

TEST(Mutex, AMutexMadeByTheStandardLibraryIsShownAtItsFirstUse) {
  static unsigned first_use_line = 0;
  const weft::report r = weft::explore(options_for(10), [] {
    auto m = std::make_shared<weft::mutex>();  // declared inside <bits/shared_ptr.h>
    first_use_line = __LINE__ + 1;
    m->lock();
    m->lock();
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::misuse) << r;
  ASSERT_EQ(r.objects().size(), 1u);
  EXPECT_TRUE(r.objects()[0].made_by_library);
  EXPECT_EQ(r.objects()[0].declared.line, first_use_line) << r;
}

// Members are all "declared" where the enclosing object is constructed; the report tells
// them apart by their first use.
TEST(Mutex, MembersDeclaredOnOneLineAreShownWithTheirFirstUse) {
  struct account {
    weft::mutex balance;
    weft::mutex history;
  };
  static unsigned history_line = 0;
  const weft::report r = weft::explore(options_for(10), [] {
    account a;
    a.balance.lock();
    a.balance.unlock();
    history_line = __LINE__ + 1;
    a.history.lock();
    a.history.lock();
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::misuse) << r;
  ASSERT_EQ(r.objects().size(), 2u) << r;
  EXPECT_EQ(r.objects()[0].declared.line, r.objects()[1].declared.line);
  EXPECT_EQ(r.objects()[1].first_used.line, history_line) << r;
  std::ostringstream shown;
  shown << r;
  EXPECT_NE(shown.str().find(", first used at mutex_test.cpp:" + std::to_string(history_line)), std::string::npos)
      << shown.str();
}

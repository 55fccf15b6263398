// Primitives used against their contract are reported as misuse, with the user's line;
// the correct use of the same primitive passes.
#include <gtest/gtest.h>

#include <mutex>
#include <optional>
#include <stdexcept>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

weft::report run(void (*body)(bool), bool fixed) {
  return weft::explore(options_for(50), [&] { body(fixed); });
}

// `located`: whether the misuse happens in a call that knows the user's line (a
// destructor does not).
void expect_misuse(void (*body)(bool), const char* words, bool located = true) {
  const weft::report buggy = run(body, false);
  ASSERT_EQ(buggy.kind(), failure_kind::misuse) << buggy;
  EXPECT_NE(buggy.message().find(words), std::string::npos) << buggy.message();
  if (located) {
    EXPECT_TRUE(buggy.location().known()) << buggy;
  }
  const weft::report fixed = run(body, true);
  EXPECT_FALSE(fixed.failed()) << fixed;
}

}  // namespace

TEST(Misuse, UnlockOfAMutexNotHeld) {
  expect_misuse(
      [](bool fixed) {
        weft::mutex m;
        weft::thread t([&] {
          if (fixed) m.lock();
          m.unlock();
        });
        t.join();
      },
      "which is not locked");
}

// It said "which is not locked" of a mutex the thread itself held shared.
TEST(Misuse, UnlockOfASharedMutexHeldShared) {
  expect_misuse(
      [](bool fixed) {
        weft::shared_mutex m;
        m.lock_shared();
        if (fixed) {
          m.unlock_shared();
        } else {
          m.unlock();
        }
      },
      "which is held shared, not exclusively (a shared lock is released with unlock_shared)");
}

TEST(Misuse, UnlockOfAMutexAnotherThreadHolds) {
  expect_misuse(
      [](bool fixed) {
        weft::mutex m;
        m.lock();
        weft::thread t([&] {
          if (!fixed) m.unlock();
        });
        t.join();
        if (fixed) m.unlock();
      },
      "which t0 holds");
}

TEST(Misuse, RecursiveLockOfAPlainMutex) {
  expect_misuse(
      [](bool fixed) {
        weft::mutex plain;
        weft::recursive_mutex recursive;
        auto twice = [](auto& m) {
          std::lock_guard outer(m);
          std::lock_guard inner(m);
        };
        if (fixed) {
          twice(recursive);
        } else {
          twice(plain);
        }
      },
      "again while holding it");
}

TEST(Misuse, DestroyingALockedMutex) {
  expect_misuse(
      [](bool fixed) {
        std::optional<weft::mutex> m;
        m.emplace();
        m->lock();
        if (fixed) m->unlock();
        m.reset();
      },
      "destroyed while locked", false);
}

TEST(Misuse, JoinOfSelf) {
  expect_misuse(
      [](bool fixed) {
        weft::thread t;
        weft::atomic<bool> assigned{false};
        weft::thread worker([&] {
          while (!assigned.load()) weft::this_thread::yield();
          if (!fixed) t.join();
        });
        t = std::move(worker);
        assigned.store(true);
        t.join();
      },
      "joins itself");
}

TEST(Misuse, ThreadDestroyedWhileJoinable) {
  expect_misuse(
      [](bool fixed) {
        weft::thread t([] {});
        if (fixed) t.join();
      },
      "destroyed (or assigned to) while joinable", false);
}

// The usual way to skip a join: an exception leaves the scope that owns the thread.
TEST(Misuse, ThreadDestroyedWhileJoinableByAnException) {
  expect_misuse(
      [](bool fixed) {
        try {
          weft::thread t([] {});
          if (fixed) t.join();
          throw std::out_of_range("no such key");
        } catch (const std::out_of_range&) {
        }
      },
      "while joinable by an exception propagating through the scope that owned it", false);
}

TEST(Misuse, JoinOfADetachedThread) {
  expect_misuse(
      [](bool fixed) {
        weft::thread t([] {});
        if (fixed) {
          t.join();
        } else {
          t.detach();
          t.join();
        }
      },
      "not joinable");
}

TEST(Misuse, WaitWithAMutexNotHeld) {
  expect_misuse(
      [](bool fixed) {
        weft::mutex m;
        weft::condition_variable cv;
        bool ready = false;
        weft::thread t([&] {
          std::lock_guard g(m);
          ready = true;
          cv.notify_one();
        });
        {
          std::unique_lock lock(m, std::defer_lock);
          if (fixed) lock.lock();
          cv.wait(lock, [&] { return ready; });
        }
        t.join();
      },
      "which it does not hold");
}

// weft::thread_specific: each simulated thread its own value, made on first use and
// destroyed when the thread finishes (newest first), where a plain thread_local would be
// shared by all simulated threads.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

using weft_test::options_for;

namespace {

// Workers that remember their own index across scheduling points, in storage `Slot`.
template <class Slot>
void workers_remember_their_index(Slot& slot) {
  auto work = [&](int index) {
    slot = index;
    weft::this_thread::yield();
    WEFT_ASSERT(static_cast<int&>(slot) == index, "a worker saw another worker's index");
  };
  weft::thread a(work, 1), b(work, 2);
  work(0);
  a.join();
  b.join();
}

thread_local int plain_thread_local = -1;

// A plain thread_local, wrapped so that it assigns and reads like the shim.
struct plain_slot {
  plain_slot& operator=(int v) {
    plain_thread_local = v;
    return *this;
  }
  operator int&() { return plain_thread_local; }
};

std::vector<std::string> destroyed;

// Records its destruction once renamed by thread t (copies made on the way are not).
struct tracked {
  std::string name;
  ~tracked() {
    if (name.ends_with(" of t")) destroyed.push_back(name);
  }
};

}  // namespace

TEST(ThreadSpecific, EachSimulatedThreadHasItsOwnValueWhereAThreadLocalIsShared) {
  weft::options fibers = options_for(200);
  fibers.threads = weft::thread_backend::fibers;
  const weft::report shared = weft::explore(fibers, [] {
    plain_slot slot;
    workers_remember_their_index(slot);
  });
  EXPECT_EQ(shared.kind(), weft::failure_kind::assertion) << shared;
  const weft::report own = weft::explore(options_for(1000), [] {
    weft::thread_specific<int> slot;
    workers_remember_their_index(slot);
  });
  EXPECT_FALSE(own.failed()) << own;
}

TEST(ThreadSpecific, ValuesAreCopiesOfTheInitialOneAndDieWithTheirThreadNewestFirst) {
  const weft::report r = weft::explore(options_for(1), [] {
    destroyed.clear();
    weft::thread_specific<tracked> first(tracked{"first"});
    weft::thread_specific<tracked> second(tracked{"second"});
    weft::thread t([&] {
      WEFT_ASSERT(first->name == "first");
      second->name = "second of t";
      first->name = "first of t";
    });
    t.join();
    WEFT_ASSERT(destroyed.size() == 2 && destroyed[0] == "second of t" && destroyed[1] == "first of t",
                "t's values must be destroyed when it finishes, newest first");
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(ThreadSpecific, EveryExecutionStartsAfresh) {
  weft::thread_specific<int> uses;
  const weft::report r = weft::explore(options_for(50), [&] {
    weft::thread t([&] { WEFT_ASSERT(++*uses == 1, "a value survived from an earlier execution"); });
    WEFT_ASSERT(++*uses == 1, "a value survived from an earlier execution");
    t.join();
  });
  EXPECT_FALSE(r.failed()) << r;
  *uses = 5;  // outside an exploration: the host's own value
  EXPECT_EQ(*uses, 5);
}

namespace {

int sessions_made = 0;
int sessions_destroyed = 0;

// Counts its constructions and destructions; cannot be copied or moved, as a
// thread_local of it can be.
struct session {
  session() { ++sessions_made; }
  explicit session(int) { ++sessions_made; }
  session(const session&) = delete;
  session& operator=(const session&) = delete;
  ~session() { ++sessions_destroyed; }
};

}  // namespace

// As a thread_local: each thread's value made in place once and destroyed once (it was made
// as a temporary and moved, which a type that cannot be moved did not compile with, and
// which destroyed twice as many values as it made).
TEST(ThreadSpecific, EachThreadsValueIsMadeOnceInPlaceAndDestroyedOnce) {
  const weft::report r = weft::explore(options_for(20), [] {
    sessions_made = sessions_destroyed = 0;
    {
      weft::thread_specific<session> per_thread;
      weft::thread a([&] { (void)per_thread.get(); }), b([&] { (void)*per_thread; });
      a.join();
      b.join();
    }
    WEFT_ASSERT(sessions_made == 2, "one value for each thread that used it");
    WEFT_ASSERT(sessions_destroyed == sessions_made, "every value made is destroyed once");
  });
  EXPECT_FALSE(r.failed()) << r;
  sessions_made = sessions_destroyed = 0;
  {
    weft::thread_specific<session> host_only;
    (void)host_only.get();  // outside an exploration: the host's value, made in place too
  }
  EXPECT_EQ(sessions_made, 1);
}

// Data races on weft::shared<T>: two accesses, one a write, that no happens-before
// orders. Each race is found from scratch and reported with both lines; the same code
// ordered by a mutex, a join, a channel, release/acquire atomics or fences is clean.
#include <gtest/gtest.h>

#include <mutex>
#include <shared_mutex>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::mentions_line;
using weft_test::search;

namespace {

// Publishes `data` through `flag` with the given orders (and fences); the reader spins.
void publish(std::memory_order store_order, std::memory_order load_order, bool fences) {
  weft::shared<int> data;
  weft::atomic<int> flag{0};
  weft::thread writer([&] {
    data.write() = 42;
    if (fences) weft::atomic_thread_fence(std::memory_order_release);
    flag.store(1, store_order);
  });
  while (flag.load(load_order) == 0) weft::this_thread::yield();
  if (fences) weft::atomic_thread_fence(std::memory_order_acquire);
  WEFT_ASSERT(data.read() == 42);
  writer.join();
}

}  // namespace

TEST(DataRace, TwoUnorderedWritesAreReportedWithBothLines) {
  unsigned first = 0, second = 0;
  const weft::report r = search([&] {
    weft::shared<int> hits;
    weft::thread t([&] {
      first = __LINE__ + 1;
      hits.write() += 1;
    });
    second = __LINE__ + 1;
    hits.write() += 1;
    t.join();
  });
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.kind(), failure_kind::data_race) << r;
  EXPECT_TRUE(mentions_line(r, first)) << r;
  EXPECT_TRUE(mentions_line(r, second)) << r;
  EXPECT_NE(r.message().find("writes it at"), std::string::npos) << r;
  // Both accesses are in the trace the report shows.
  int stores = 0;
  for (const weft::trace_event& e : r.trace()) stores += e.operation == "store" && e.object.starts_with("shared#");
  EXPECT_EQ(stores, 2) << r;

  const weft::report again = weft::replay(r.replay_token(), [&] {
    weft::shared<int> hits;
    weft::thread t([&] { hits.write() += 1; });
    hits.write() += 1;
    t.join();
  });
  EXPECT_EQ(again.kind(), failure_kind::data_race) << again;
}

TEST(DataRace, AReadRacingAWriteIsReported) {
  const weft::report r = search([] {
    weft::shared<int> value;
    weft::thread reader([&] { (void)value.read(); });
    value = 7;
    reader.join();
  });
  EXPECT_EQ(r.kind(), failure_kind::data_race) << r;
  // Whichever ran first, one side reads and the other writes.
  const bool read_then_write = r.message().find("read it at") != std::string::npos &&
                               r.message().find("writes it at") != std::string::npos;
  const bool write_then_read = r.message().find("wrote it at") != std::string::npos &&
                               r.message().find("reads it at") != std::string::npos;
  EXPECT_TRUE(read_then_write || write_then_read) << r;
  // `value = 7` cannot say where it is: the report says which accesses cannot and what can.
  EXPECT_NE(r.message().find("an unknown line is an access through weft::shared's operator="), std::string::npos)
      << r;
}

// Accesses through read() and write() have their lines: no word on unknown lines.
TEST(DataRace, NamedAccessesNeedNoWordOnUnknownLines) {
  const weft::report r = search([] {
    weft::shared<int> value;
    weft::thread reader([&] { (void)value.read(); });
    value.write() = 7;
    reader.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::data_race) << r;
  EXPECT_EQ(r.message().find("unknown line"), std::string::npos) << r;
}

TEST(DataRace, AMutexOrdersTheAccesses) {
  const weft::report r = search([] {
    weft::shared<int> hits;
    weft::mutex m;
    weft::thread t([&] {
      const std::lock_guard guard(m);
      hits.write() += 1;
    });
    {
      const std::lock_guard guard(m);
      hits.write() += 1;
    }
    t.join();
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_TRUE(r.complete());
}

// Readers of a shared_mutex do not synchronize with one another: each unlock_shared
// released to the next lock_shared, and two writes under shared locks went unreported.
TEST(DataRace, SharedLocksDoNotOrderTheirHoldersAccesses) {
  const weft::report r = search([] {
    weft::shared<int> count;
    weft::shared_mutex m;
    auto add_under_a_read_lock = [&] {
      const std::shared_lock lock(m);
      count.write() += 1;
    };
    weft::thread a(add_under_a_read_lock);
    weft::thread b(add_under_a_read_lock);
    a.join();
    b.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::data_race) << r;
}

// What readers read is ordered after the writer's exclusive unlock, and a writer's write
// after every reader's unlock_shared, the readers' own reads left unordered (reads).
TEST(DataRace, ASharedMutexOrdersItsWritersAgainstItsReaders) {
  const weft::report r = search([] {
    weft::shared<int> value;
    weft::shared_mutex m;
    auto reader = [&] {
      const std::shared_lock lock(m);
      (void)value.read();
    };
    weft::thread a(reader);
    weft::thread b(reader);
    {
      const std::lock_guard lock(m);
      value.write() = 1;
    }
    a.join();
    b.join();
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_TRUE(r.complete());
}

// The end of a barrier's completion step happens before the returns it unblocks (ISO
// C++20 [thread.barrier.class]): reported as a race between the completion's write and
// the workers' reads.
// A try_lock that succeeds takes what readers' unlock_shared released, and so does the
// try_lock std::lock (scoped_lock of two) makes of its second mutex.
TEST(DataRace, ASuccessfulTryLockTakesWhatWasReleased) {
  const weft::report tried = search([] {
    weft::shared<int> value;
    weft::shared_mutex m;
    weft::thread reader([&] {
      const std::shared_lock lock(m);
      (void)value.read();
    });
    while (!m.try_lock()) weft::this_thread::yield();
    value.write() = 1;
    m.unlock();
    reader.join();
  });
  EXPECT_FALSE(tried.failed()) << tried;
  const weft::report both = search([] {
    weft::shared<int> value;
    weft::mutex a;
    weft::mutex b;
    weft::thread other([&] {
      const std::scoped_lock lock(a, b);
      value.write() += 1;
    });
    {
      const std::scoped_lock lock(a, b);
      value.write() += 1;
    }
    other.join();
  });
  EXPECT_FALSE(both.failed()) << both;
}

TEST(DataRace, ABarriersCompletionHappensBeforeTheWaitsItEnds) {
  const weft::report r = search([] {
    weft::shared<int> result;
    weft::barrier sync(2, [&]() noexcept { result.write() = 42; });
    auto worker = [&] {
      sync.arrive_and_wait();
      WEFT_ASSERT(result.read() == 42);
    };
    weft::thread a(worker);
    weft::thread b(worker);
    a.join();
    b.join();
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_TRUE(r.complete());
}

TEST(DataRace, JoinOrdersTheThreadsAccessesBeforeTheJoinersLaterOnes) {
  const weft::report r = search([] {
    weft::shared<int> result;
    weft::thread t([&] { result = 1; });
    t.join();
    WEFT_ASSERT(result.read() == 1);
    weft::thread u([&] { result.write() += 1; });  // a child sees its parent's past
    u.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(DataRace, AChannelOrdersTheSendersPastBeforeTheReceiver) {
  const weft::report r = search([] {
    weft::shared<int> payload;
    weft::channel<int> ready(1);
    weft::thread producer([&] {
      payload = 5;
      ready.send(1);
    });
    (void)ready.recv();
    WEFT_ASSERT(payload.read() == 5);
    producer.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(DataRace, ReleaseAcquirePublishesButRelaxedDoesNot) {
  const weft::report ordered =
      search([] { publish(std::memory_order_release, std::memory_order_acquire, false); });
  EXPECT_FALSE(ordered.failed()) << ordered;
  const weft::report seq_cst = search([] { publish(std::memory_order_seq_cst, std::memory_order_seq_cst, false); });
  EXPECT_FALSE(seq_cst.failed()) << seq_cst;

  const weft::report relaxed =
      search([] { publish(std::memory_order_relaxed, std::memory_order_relaxed, false); });
  EXPECT_EQ(relaxed.kind(), failure_kind::data_race) << relaxed;
  const weft::report half =
      search([] { publish(std::memory_order_release, std::memory_order_relaxed, false); });
  EXPECT_EQ(half.kind(), failure_kind::data_race) << half;
}

TEST(DataRace, FencesMakeRelaxedAtomicsPublish) {
  const weft::report r = search([] { publish(std::memory_order_relaxed, std::memory_order_relaxed, true); });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(DataRace, AReadModifyWriteContinuesTheReleaseSequence) {
  // The writer releases; a third thread's relaxed fetch_add sits between it and the
  // reader's acquire: the reader still synchronizes with the writer (C++20 release
  // sequences). A plain relaxed store in its place ends the sequence: a race.
  for (const bool rmw : {true, false}) {
    const weft::report r = search([rmw] {
      weft::shared<int> data;
      weft::atomic<int> flag{0};
      weft::thread writer([&] {
        data = 1;
        flag.store(1, std::memory_order_release);
      });
      weft::thread bumper([&] {
        while (flag.load(std::memory_order_relaxed) == 0) weft::this_thread::yield();
        if (rmw) {
          flag.fetch_add(1, std::memory_order_relaxed);
        } else {
          flag.store(2, std::memory_order_relaxed);
        }
      });
      while (flag.load(std::memory_order_acquire) != 2) weft::this_thread::yield();
      (void)data.read();
      writer.join();
      bumper.join();
    });
    if (rmw) {
      EXPECT_FALSE(r.failed()) << r;
    } else {
      EXPECT_EQ(r.kind(), failure_kind::data_race) << r;
    }
  }
}

TEST(DataRace, CallOnceOrdersWhatItsFunctionDidBeforeEveryLaterCaller) {
  const weft::report r = search([] {
    weft::shared<int> config;
    weft::once_flag once;
    const auto use = [&] {
      weft::call_once(once, [&] { config = 3; });
      WEFT_ASSERT(config.read() == 3);
    };
    weft::thread other(use);
    use();
    other.join();
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_TRUE(r.complete());
}

TEST(DataRace, APromiseOrdersWhatTheSetterDidBeforeTheGetter) {
  const weft::report r = search([] {
    weft::shared<int> side;
    weft::promise<int> p;
    weft::future<int> f = p.get_future();
    weft::thread setter([&] {
      side = 9;
      p.set_value(1);
    });
    WEFT_ASSERT(f.get() == 1);
    WEFT_ASSERT(side.read() == 9);
    setter.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// Destroying a promise unsatisfied makes its state ready ([futures.state]): what the
// dropping thread did happens before the get() that throws broken_promise, as a set's.
TEST(DataRace, ADroppedPromiseOrdersWhatItsThreadDidBeforeTheBrokenGet) {
  const weft::report r = search([] {
    weft::shared<int> side;
    weft::promise<int> p;
    weft::future<int> f = p.get_future();
    weft::thread dropper([&side, p = std::move(p)]() mutable {
      side = 9;
      weft::promise<int> dropped = std::move(p);
    });
    try {
      (void)f.get();
      WEFT_ASSERT(false, "a dropped promise must break its future");
    } catch (const std::future_error&) {
    }
    WEFT_ASSERT(side.read() == 9);
    dropper.join();
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_TRUE(r.complete());
}

TEST(DataRace, ADroppedPackagedTaskOrdersWhatItsThreadDidBeforeTheBrokenGet) {
  const weft::report r = search([] {
    weft::shared<int> side;
    weft::packaged_task<int()> job([] { return 1; });
    weft::future<int> f = job.get_future();
    weft::thread dropper([&side, job = std::move(job)]() mutable {
      side = 9;
      weft::packaged_task<int()> dropped = std::move(job);
    });
    try {
      (void)f.get();
    } catch (const std::future_error&) {
    }
    WEFT_ASSERT(side.read() == 9);
    dropper.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// An exploration starts untracked (cheaper) and tracks from its first weft::shared<T>
// access on: the execution that met it runs again, tracked, so even a race in the very
// first execution is found there.
TEST(DataRace, IsFoundInTheFirstExecutionOfASampledExploration) {
  for (const char* strategy : {"random", "pct", "pos"}) {
    const weft::report r = weft::explore(weft_test::options_for(1, strategy), [] {
      weft::shared<int> hits;
      weft::thread t([&] { hits.write() += 1; });
      hits.write() += 1;
      t.join();
    });
    EXPECT_EQ(r.kind(), failure_kind::data_race) << strategy << "\n" << r;
    EXPECT_EQ(r.executions(), 1u) << strategy;
    EXPECT_EQ(weft::replay(r.replay_token(), [] {
                weft::shared<int> hits;
                weft::thread t([&] { hits.write() += 1; });
                hits.write() += 1;
                t.join();
              }).kind(),
              failure_kind::data_race);
  }
}

// atomic::wait returns after a load with its order: a relaxed wait that sees the released
// value does not synchronize with the release; an acquire wait does.
TEST(DataRace, AnAtomicWaitSynchronizesOnlyWithAnAcquireOrder) {
  for (const std::memory_order order : {std::memory_order_acquire, std::memory_order_relaxed}) {
    const weft::report r = search([order] {
      weft::atomic<int> state{0};
      weft::shared<int> data;
      weft::thread writer([&] {
        data = 3;
        state.store(1, std::memory_order_release);
        state.notify_one();
      });
      state.wait(0, order);
      (void)data.read();
      writer.join();
    });
    if (order == std::memory_order_acquire) {
      EXPECT_FALSE(r.failed()) << r;
    } else {
      EXPECT_EQ(r.kind(), failure_kind::data_race) << r;
    }
  }
}

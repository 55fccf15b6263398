// weft::atomic<std::shared_ptr<T>>: one totally ordered atomic object whose operations
// are scheduling points, whose orders give happens-before, and whose compare-exchange
// compares pointer and owner.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;
using weft_test::search;

namespace {

using counter = weft::atomic<std::shared_ptr<const int>>;

// Two threads each replace the counter with a copy one higher.
void add_twice(void (*add)(counter&)) {
  counter current{std::make_shared<const int>(0)};
  weft::thread other([&] { add(current); });
  add(current);
  other.join();
  WEFT_ASSERT(*current.load() == 2, "an update was lost");
}

// A node published through an atomic shared_ptr, its field written before the store.
struct node {
  weft::shared<int> value;
};

// Publishes a node with `store_order`; the reader spins with `load_order`, then reads its
// field.
void publish(std::memory_order store_order, std::memory_order load_order) {
  weft::atomic<std::shared_ptr<node>> slot;
  weft::thread writer([&] {
    auto fresh = std::make_shared<node>();
    fresh->value.write() = 42;
    slot.store(std::move(fresh), store_order);
  });
  std::shared_ptr<node> seen;
  while (!(seen = slot.load(load_order))) weft::this_thread::yield();
  WEFT_ASSERT(seen->value.read() == 42);
  writer.join();
}

}  // namespace

TEST(AtomicSharedPtr, ALoadThenStoreLosesAnUpdateThatACompareExchangeLoopKeeps) {
  const weft::report lost = search([] {
    add_twice([](counter& c) {
      const std::shared_ptr<const int> seen = c.load();
      c.store(std::make_shared<const int>(*seen + 1));
    });
  });
  ASSERT_EQ(lost.kind(), failure_kind::assertion) << lost;
  EXPECT_NE(lost.message().find("an update was lost"), std::string::npos) << lost;

  const weft::report kept = search([] {
    add_twice([](counter& c) {
      std::shared_ptr<const int> seen = c.load();
      while (!c.compare_exchange_weak(seen, std::make_shared<const int>(*seen + 1))) {
      }
    });
  });
  EXPECT_FALSE(kept.failed()) << kept;
  EXPECT_TRUE(kept.complete());
}

// Every operation is a scheduling point at the caller's line.
TEST(AtomicSharedPtr, OperationsAreSchedulingPointsAtTheCallersLine) {
  unsigned line = 0;
  const weft::report r = search([&] {
    weft::atomic<std::shared_ptr<int>> slot;
    weft::thread other([&] {
      line = __LINE__ + 1;
      (void)slot.exchange(std::make_shared<int>(1));
    });
    slot.store(std::make_shared<int>(2));
    other.join();
    WEFT_ASSERT(*slot.load() == 2, "the exchange came last");
  });
  ASSERT_EQ(r.kind(), failure_kind::assertion) << r;
  bool exchange_at_line = false;
  for (const weft::trace_event& e : r.trace()) {
    exchange_at_line |= e.operation == "exchange" && e.where.line == line;
  }
  EXPECT_TRUE(exchange_at_line) << r;
}

TEST(AtomicSharedPtr, ReleaseAndAcquireOrderWhatThePointerPublishes) {
  const weft::report ordered = search([] { publish(std::memory_order_release, std::memory_order_acquire); });
  EXPECT_FALSE(ordered.failed()) << ordered;
  EXPECT_TRUE(ordered.complete());
  const weft::report seq_cst = search([] { publish(std::memory_order_seq_cst, std::memory_order_seq_cst); });
  EXPECT_FALSE(seq_cst.failed()) << seq_cst;
}

TEST(AtomicSharedPtr, RelaxedOrdersNothingAndTheFieldsReadIsADataRace) {
  const weft::report relaxed_load = search([] { publish(std::memory_order_release, std::memory_order_relaxed); });
  EXPECT_EQ(relaxed_load.kind(), failure_kind::data_race) << relaxed_load;
  const weft::report relaxed_store = search([] { publish(std::memory_order_relaxed, std::memory_order_acquire); });
  EXPECT_EQ(relaxed_store.kind(), failure_kind::data_race) << relaxed_store;
}

TEST(AtomicSharedPtr, WaitBlocksUntilTheValueChangesAndIsNotified) {
  auto body = [](bool notify) {
    weft::atomic<std::shared_ptr<int>> slot;
    weft::thread waiter([&] {
      slot.wait(nullptr);
      WEFT_ASSERT(*slot.load() == 7);
    });
    slot.store(std::make_shared<int>(7));
    if (notify) slot.notify_one();
    waiter.join();
  };
  weft::options opt = options_for(300);
  opt.spurious_wakeups = false;
  const weft::report missing = weft::explore(opt, [&] { body(false); });
  EXPECT_EQ(missing.kind(), failure_kind::deadlock) << missing;
  const weft::report fine = weft::explore(options_for(300), [&] { body(true); });
  EXPECT_FALSE(fine.failed()) << fine;
}

// [util.smartptr.atomic.shared]: equal means the same pointer and the same owner.
TEST(AtomicSharedPtr, CompareExchangeAndWaitCompareOwnersToo) {
  const weft::report r = weft::explore(options_for(20), [] {
    int shared_target = 0;
    const std::shared_ptr<int> via_a(std::make_shared<int>(1), &shared_target);
    const std::shared_ptr<int> via_b(std::make_shared<int>(2), &shared_target);
    weft::atomic<std::shared_ptr<int>> slot{via_a};

    std::shared_ptr<int> expected = via_b;  // same pointer, another owner: not equal
    WEFT_ASSERT(!slot.compare_exchange_strong(expected, nullptr), "a compare-exchange compared pointers only");
    WEFT_ASSERT(!expected.owner_before(via_a) && !via_a.owner_before(expected), "expected was not updated");
    WEFT_ASSERT(slot.compare_exchange_strong(expected, via_b) && slot.load().get() == &shared_target);
    slot.wait(via_a);  // differs by owner: returns at once

    expected = nullptr;
    WEFT_ASSERT(!slot.compare_exchange_weak(expected, nullptr, std::memory_order_acq_rel,
                                            std::memory_order_acquire));
    WEFT_ASSERT(expected.get() == &shared_target);
  });
  EXPECT_FALSE(r.failed()) << r;
}

// The weak form may fail although it finds the expected value (memory_model::c11); it
// then leaves `expected` as it was, and the value too.
TEST(AtomicSharedPtr, TheWeakCompareExchangeMayFailSpuriously) {
  for (const weft::memory_model model : {weft::memory_model::c11, weft::memory_model::sc}) {
    weft::options opt = options_for(200);
    opt.memory_model = model;
    int failures = 0;
    const weft::report r = weft::explore(opt, [&] {
      const auto first = std::make_shared<int>(1);
      weft::atomic<std::shared_ptr<int>> slot{first};
      std::shared_ptr<int> expected = first;
      if (!slot.compare_exchange_weak(expected, std::make_shared<int>(2))) {
        ++failures;
        WEFT_ASSERT(expected == first && slot.load() == first);
      }
    });
    EXPECT_FALSE(r.failed()) << r;
    if (model == weft::memory_model::c11) {
      EXPECT_GT(failures, 0);
    } else {
      EXPECT_EQ(failures, 0);
    }
  }
}

TEST(AtomicSharedPtr, TheRestOfStdsInterface) {
  static_assert(!weft::atomic<std::shared_ptr<int>>::is_always_lock_free);
  static_assert(std::is_same_v<weft::atomic<std::shared_ptr<int>>::value_type, std::shared_ptr<int>>);
  const weft::report r = weft::explore(options_for(20), [] {
    weft::atomic<std::shared_ptr<int>> slot{nullptr};
    WEFT_ASSERT(!slot.is_lock_free());
    slot = std::make_shared<int>(1);
    const std::shared_ptr<int> one = slot;
    WEFT_ASSERT(*one == 1 && one.use_count() == 2);
    const std::shared_ptr<int> old = slot.exchange(std::make_shared<int>(2), std::memory_order_acq_rel);
    WEFT_ASSERT(old == one && *slot.load(std::memory_order_acquire) == 2);
    slot.store(nullptr, std::memory_order_release);
    WEFT_ASSERT(one.use_count() == 2);  // one and old
    slot.notify_all();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(AtomicSharedPtr, AnOrderTheOperationMayNotTakeIsAMisuse) {
  const weft::report r = weft::explore(options_for(5), [] {
    weft::atomic<std::shared_ptr<int>> slot;
    (void)slot.load(std::memory_order_release);
  });
  EXPECT_EQ(r.kind(), failure_kind::misuse) << r;
  EXPECT_NE(r.message().find("load with memory_order_release"), std::string::npos) << r;
}

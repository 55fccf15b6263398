// Making a weft::shared<T> is its first write, by the thread that makes it: an object
// published without a release/acquire pair (a relaxed pointer, double-checked locking
// with relaxed orders) races on its shared fields, and the report names the line that
// made the field. Made before a spawn, before a release store or under a mutex, it is
// clean.
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::mentions_line;
using weft_test::search;

namespace {

// Its field made with a value, in the constructor's initializer list.
struct widget {
  static constexpr unsigned made_at = __LINE__ + 1;
  widget() : value(42) {}
  weft::shared<int> value;
};

// Its field made empty (value-initialized), in a constructor that does not name it.
struct blank {
  static constexpr unsigned made_at = __LINE__ + 1;
  blank() {}
  weft::shared<int> value;
};

// One thread makes a T and publishes it through `slot` with `store_order`; another
// loads it with `load_order` and reads its field when it is there. `made` owns the T
// however the execution ends (a failure unwinds the body past its joins).
template <class T>
void publish(std::memory_order store_order, std::memory_order load_order, int expected) {
  std::unique_ptr<T> made;
  weft::atomic<T*> slot{nullptr};
  weft::thread publisher([&] {
    made = std::make_unique<T>();
    slot.store(made.get(), store_order);
  });
  weft::thread reader([&] {
    if (T* seen = slot.load(load_order)) WEFT_ASSERT(seen->value.read() == expected);
  });
  publisher.join();
  reader.join();
}

// Double-checked locking: the instance is made once, under `lock`; a caller that finds
// it made with `load_order` skips the lock.
struct lazy_widget {
  lazy_widget(std::memory_order load, std::memory_order store) : load_order(load), store_order(store) {}
  lazy_widget(const lazy_widget&) = delete;
  lazy_widget& operator=(const lazy_widget&) = delete;
  ~lazy_widget() { delete instance.load(); }

  const std::memory_order load_order;
  const std::memory_order store_order;
  weft::mutex lock;
  weft::atomic<widget*> instance{nullptr};

  widget& get() {
    if (widget* made = instance.load(load_order)) return *made;
    const std::lock_guard hold(lock);
    widget* made = instance.load(std::memory_order_relaxed);
    if (made == nullptr) {
      made = new widget();
      instance.store(made, store_order);
    }
    return *made;
  }
};

void double_checked(std::memory_order load_order, std::memory_order store_order) {
  lazy_widget lazy(load_order, store_order);
  auto use = [&] { WEFT_ASSERT(lazy.get().value.read() == 42); };
  weft::thread a(use), b(use);
  a.join();
  b.join();
}

}  // namespace

TEST(ConstructionRace, AnObjectPublishedThroughARelaxedPointerRacesWithItsConstructor) {
  const weft::report r = search([] { publish<widget>(std::memory_order_relaxed, std::memory_order_relaxed, 42); });
  ASSERT_EQ(r.kind(), failure_kind::data_race) << r;
  EXPECT_TRUE(mentions_line(r, widget::made_at)) << r;
  EXPECT_NE(r.message().find("made it (a write) at"), std::string::npos) << r;
}

TEST(ConstructionRace, AFieldMadeEmptyIsWrittenByItsConstructorToo) {
  const weft::report r = search([] { publish<blank>(std::memory_order_relaxed, std::memory_order_relaxed, 0); });
  ASSERT_EQ(r.kind(), failure_kind::data_race) << r;
  EXPECT_TRUE(mentions_line(r, blank::made_at)) << r;
}

TEST(ConstructionRace, AWriteByAnotherThreadRacesWithTheConstructionToo) {
  const weft::report r = search([] {
    std::unique_ptr<widget> made;  // owns the widget however the execution ends
    weft::atomic<widget*> slot{nullptr};
    weft::thread publisher([&] {
      made = std::make_unique<widget>();
      slot.store(made.get(), std::memory_order_relaxed);
    });
    if (widget* seen = slot.load(std::memory_order_relaxed)) seen->value.write() = 7;
    publisher.join();
  });
  ASSERT_EQ(r.kind(), failure_kind::data_race) << r;
  EXPECT_NE(r.message().find("writes it at"), std::string::npos) << r;
  EXPECT_TRUE(mentions_line(r, widget::made_at)) << r;
}

TEST(ConstructionRace, DoubleCheckedLockingWithRelaxedOrdersIsARace) {
  const weft::report r = search([] { double_checked(std::memory_order_relaxed, std::memory_order_relaxed); });
  ASSERT_EQ(r.kind(), failure_kind::data_race) << r;
  EXPECT_TRUE(mentions_line(r, widget::made_at)) << r;

  const weft::report fixed = search([] { double_checked(std::memory_order_acquire, std::memory_order_release); });
  EXPECT_FALSE(fixed.failed()) << fixed;
  EXPECT_TRUE(fixed.complete()) << fixed;
}

TEST(ConstructionRace, AnObjectPublishedCorrectlyIsClean) {
  const weft::report released = search([] {
    publish<widget>(std::memory_order_release, std::memory_order_acquire, 42);
  });
  EXPECT_FALSE(released.failed()) << released;
  EXPECT_TRUE(released.complete()) << released;

  const weft::report before_spawn = search([] {
    const widget made;
    weft::thread reader([&] { WEFT_ASSERT(made.value.read() == 42); });
    reader.join();
  });
  EXPECT_FALSE(before_spawn.failed()) << before_spawn;

  const weft::report under_a_mutex = search([] {
    weft::mutex lock;
    std::unique_ptr<widget> made;  // only touched under `lock`
    weft::thread maker([&] {
      const std::lock_guard hold(lock);
      if (!made) made = std::make_unique<widget>();
    });
    {
      const std::lock_guard hold(lock);
      if (made) WEFT_ASSERT(made->value.read() == 42);
    }
    maker.join();
    WEFT_ASSERT(made->value.read() == 42);
  });
  EXPECT_FALSE(under_a_mutex.failed()) << under_a_mutex;
  EXPECT_TRUE(under_a_mutex.complete()) << under_a_mutex;
}

TEST(ConstructionRace, ACellMadeOutsideTheExecutionOrInAnEarlierOneIsNotWrittenInIt) {
  const widget outside;
  std::unique_ptr<widget> kept;
  const weft::report making = search([&] {
    weft::thread maker([&] { kept = std::make_unique<widget>(); });
    maker.join();
  });
  ASSERT_FALSE(making.failed()) << making;
  // Thread 1 made `kept` in the last execution; thread 0 of the next one knows nothing of it.
  const weft::report r = search([&] {
    WEFT_ASSERT(outside.value.read() == 42);
    kept->value.write() = 7;
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(ConstructionRace, CellsMadeInBulkAreMetOnlyWhenAccessed) {
  const weft::report r = search([] {
    auto cells = std::make_unique<weft::shared<int>[]>(100000);
    weft::thread reader([&] { (void)cells[7].read(); });
    reader.join();
    cells[7].write() = 1;
    WEFT_ASSERT(cells[7].read() == 0, "fails, for the trace");
  });
  ASSERT_EQ(r.kind(), failure_kind::assertion) << r;
  std::set<std::string> cells_met;
  for (const weft::trace_event& e : r.trace()) {
    if (e.object.starts_with("shared#")) cells_met.insert(e.object);
  }
  EXPECT_EQ(cells_met.size(), 1u) << r;
}

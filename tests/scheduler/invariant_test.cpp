// weft::always and weft::eventually, checked at every scheduling point.
#include <gtest/gtest.h>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

// A transfer between two accounts. The buggy version keeps the balances in two atomics
// and moves the money in two steps, so the total is wrong in between; only an invariant
// checked mid-execution sees it (the final total is right). The fixed version keeps
// both balances in one atomic and moves the money in one compare-exchange.
struct balances {
  int a;
  int b;
};

void transfers(bool fixed) {
  weft::atomic<int> a{50};
  weft::atomic<int> b{50};
  weft::atomic<balances> both{balances{50, 50}};
  auto total_is_100 = weft::always(
      [&] {
        const balances now = fixed ? both.load() : balances{a.load(), b.load()};
        return now.a + now.b == 100;
      },
      "a + b == 100");
  weft::thread t([&] {
    if (fixed) {
      balances seen = both.load();
      while (!both.compare_exchange_weak(seen, balances{seen.a - 10, seen.b + 10})) {
      }
    } else {
      a.fetch_sub(10);
      b.fetch_add(10);
    }
  });
  t.join();
}

}  // namespace

TEST(Invariants, AlwaysReportsTheFirstStepWhereItStopsHolding) {
  const weft::report buggy = weft::explore(options_for(50), [] { transfers(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
  EXPECT_NE(buggy.message().find("always(a + b == 100)"), std::string::npos) << buggy.message();
  EXPECT_NE(buggy.message().find("stopped holding at step"), std::string::npos) << buggy.message();
  EXPECT_EQ(buggy.trace().back().operation, "fetch_modify") << buggy;
  EXPECT_FALSE(weft::explore(options_for(50), [] { transfers(true); }).failed());
}

TEST(Invariants, EventuallyMustComeTrueWithinItsSteps) {
  auto body = [](bool ever) {
    weft::atomic<bool> done{false};
    auto finishes = weft::eventually([&] { return done.load(); }, 20, "done");
    weft::thread t([&] {
      weft::this_thread::yield();
      if (ever) done.store(true);
    });
    t.join();
  };
  const weft::report never = weft::explore(options_for(50), [&] { body(false); });
  ASSERT_EQ(never.kind(), failure_kind::assertion) << never;
  EXPECT_NE(never.message().find("eventually(done)"), std::string::npos) << never.message();
  EXPECT_FALSE(weft::explore(options_for(50), [&] { body(true); }).failed());
}

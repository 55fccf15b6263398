// A switch between fibers keeps per simulated thread what a real thread keeps per OS
// thread: the floating-point rounding mode, in the x87 control word (what fegetround
// reads) and in the SSE one (what double arithmetic rounds by). fiber/stack_switch.cpp
// saves and restores both; a thread that sets its own mode must not hand it to another,
// and a new thread starts with its creator's (fiber_backend::create).
#include <gtest/gtest.h>

#include <cfenv>

#include <weft/weft.hpp>

#include "support.hpp"

namespace {

volatile double one = 1.0;
volatile double three = 3.0;
constexpr double third_rounded_to_nearest = 0x1.5555555555555p-2;  // below 1/3

// The rounding mode this thread sees, by both control words, is `mode`.
void expect_rounding(int mode) {
  WEFT_ASSERT(std::fegetround() == mode);
  const double third = one / three;
  WEFT_ASSERT(mode == FE_UPWARD ? third > third_rounded_to_nearest : third == third_rounded_to_nearest);
}

TEST(FiberSwitch, EachThreadKeepsItsOwnRoundingMode) {
  const weft::report r = weft::explore(weft_test::options_for(200), [] {
    weft::thread upward([] {
      std::fesetround(FE_UPWARD);
      for (int i = 0; i < 3; ++i) {
        weft::this_thread::yield();
        expect_rounding(FE_UPWARD);
      }
      std::fesetround(FE_TONEAREST);
    });
    weft::thread nearest([] {
      for (int i = 0; i < 3; ++i) {
        weft::this_thread::yield();
        expect_rounding(FE_TONEAREST);
      }
    });
    expect_rounding(FE_TONEAREST);
    upward.join();
    nearest.join();
    expect_rounding(FE_TONEAREST);
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_EQ(r.executions(), 200u);
}

TEST(FiberSwitch, AThreadStartsWithItsCreatorsRoundingMode) {
  // Each execution runs its threads on the fibers the one before left parked: a mode
  // that a thread leaves set must not reach the next execution's thread of its index.
  const weft::report r = weft::explore(weft_test::options_for(50), [] {
    expect_rounding(FE_TONEAREST);  // the test's own thread's, not the last main's
    std::fesetround(FE_UPWARD);
    weft::thread child([] {
      expect_rounding(FE_UPWARD);
      std::fesetround(FE_TONEAREST);
      weft::thread grandchild([] {
        expect_rounding(FE_TONEAREST);
        std::fesetround(FE_UPWARD);  // and ends with it
      });
      grandchild.join();
      expect_rounding(FE_TONEAREST);
    });
    child.join();
    expect_rounding(FE_UPWARD);  // and ends with it
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_EQ(r.executions(), 50u);
  EXPECT_EQ(std::fegetround(), FE_TONEAREST);
}

}  // namespace

// rotation: the runnable thread after the running one, wrapping around; value choices
// get their fallback.
#include "strategy/rotation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace weft::detail {
namespace {

thread_index next_after(thread_index running, const std::vector<thread_index>& enabled) {
  rotation turns;
  turns.begin_execution(0);
  const bool runnable = std::find(enabled.begin(), enabled.end(), running) != enabled.end();
  return turns.next_thread(thread_choice{enabled, {}, running, runnable ? running : enabled.front(), 0, false});
}

TEST(Rotation, RunsTheNextRunnableThreadWrappingAround) {
  EXPECT_EQ(next_after(0, {0, 2, 5}), 2u);
  EXPECT_EQ(next_after(2, {0, 2, 5}), 5u);
  EXPECT_EQ(next_after(5, {0, 2, 5}), 0u);
  EXPECT_EQ(next_after(3, {0, 2, 5}), 5u);  // the running thread blocked
  EXPECT_EQ(next_after(7, {1, 4}), 1u);
}

TEST(Rotation, AnswersValueChoicesWithTheirFallback) {
  rotation turns;
  EXPECT_EQ(turns.next_value(value_choice{decision::notify_target, 4, 2, 0.0}), 2u);
  EXPECT_EQ(turns.next_value(value_choice{decision::reads_from, 3, 0, 0.0}), 0u);
}

}  // namespace
}  // namespace weft::detail

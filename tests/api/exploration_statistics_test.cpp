// Exploration statistics in bounded memory: exact distinct schedules up to the limit, an
// estimate within a few percent beyond it, merges that count a schedule seen by two
// workers once, exact steps per execution, and a text form that round-trips.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>

#include "api/exploration_statistics.hpp"

using weft::detail::exploration_statistics;

namespace {

// Adds schedules first .. first + count - 1, each taking `steps` steps.
void add_schedules(exploration_statistics& s, std::uint64_t first, std::uint64_t count, std::uint64_t steps = 10) {
  for (std::uint64_t i = first; i < first + count; ++i) s.add(i * 0x9e3779b97f4a7c15ULL, steps);
}

void expect_near(std::uint64_t estimate, std::uint64_t truth) {
  const double error = static_cast<double>(estimate) / static_cast<double>(truth) - 1.0;
  EXPECT_LT(error < 0 ? -error : error, 4 * exploration_statistics::estimate_error) << estimate << " vs " << truth;
}

}  // namespace

TEST(ExplorationStatistics, CountsExactlyUpToTheLimitAndRepeatsOnce) {
  exploration_statistics s;
  add_schedules(s, 0, 1000);
  add_schedules(s, 0, 1000);  // the same schedules again
  EXPECT_EQ(s.distinct(), 1000u);
  EXPECT_FALSE(s.distinct_estimated());
}

TEST(ExplorationStatistics, ExactThroughTheLimitItselfAndEstimatedFromTheScheduleAfter) {
  exploration_statistics s;
  add_schedules(s, 0, exploration_statistics::exact_limit);
  add_schedules(s, 0, 10);  // repeats at the limit stay exact
  EXPECT_FALSE(s.distinct_estimated());
  EXPECT_EQ(s.distinct(), exploration_statistics::exact_limit);
  add_schedules(s, exploration_statistics::exact_limit, 1);
  EXPECT_TRUE(s.distinct_estimated());
  expect_near(s.distinct(), exploration_statistics::exact_limit + 1);

  exploration_statistics left;
  exploration_statistics right;
  add_schedules(left, 0, exploration_statistics::exact_limit / 2);
  add_schedules(right, exploration_statistics::exact_limit / 2, exploration_statistics::exact_limit / 2);
  left.merge(right);
  EXPECT_FALSE(left.distinct_estimated());
  EXPECT_EQ(left.distinct(), exploration_statistics::exact_limit);
  add_schedules(right, exploration_statistics::exact_limit, 1);
  left.merge(right);
  EXPECT_TRUE(left.distinct_estimated());
}

TEST(ExplorationStatistics, EstimatesBeyondTheLimitWithinItsError) {
  exploration_statistics s;
  add_schedules(s, 0, 300000);
  EXPECT_TRUE(s.distinct_estimated());
  expect_near(s.distinct(), 300000);
  add_schedules(s, 0, 300000);  // repeats do not move the estimate
  expect_near(s.distinct(), 300000);
}

TEST(ExplorationStatistics, MergesWithoutCountingASharedScheduleTwice) {
  exploration_statistics a, b;
  add_schedules(a, 0, 600);
  add_schedules(b, 400, 600);  // 200 in common
  a.merge(b);
  EXPECT_EQ(a.distinct(), 1000u);
  EXPECT_FALSE(a.distinct_estimated());

  exploration_statistics big_a, big_b;
  add_schedules(big_a, 0, 150000);
  add_schedules(big_b, 100000, 150000);
  big_a.merge(big_b);
  EXPECT_TRUE(big_a.distinct_estimated());
  expect_near(big_a.distinct(), 250000);
}

TEST(ExplorationStatistics, StepsAreExactAndMerge) {
  exploration_statistics a, b;
  for (std::uint64_t steps : {5, 9, 7}) a.add(steps, steps);
  for (std::uint64_t steps : {3, 11}) b.add(steps + 100, steps);
  a.merge(b);
  EXPECT_EQ(a.min_steps(), 3u);
  EXPECT_EQ(a.median_steps(), 7u);
  EXPECT_EQ(a.max_steps(), 11u);
}

TEST(ExplorationStatistics, RoundTripsThroughTextAndRejectsGarbage) {
  exploration_statistics s;
  add_schedules(s, 0, 50, 4);
  add_schedules(s, 50, 10, 8);
  const exploration_statistics back = exploration_statistics::decode(s.encode());
  EXPECT_EQ(back.distinct(), 60u);
  EXPECT_EQ(back.median_steps(), 4u);
  EXPECT_EQ(back.max_steps(), 8u);
  exploration_statistics estimated;
  add_schedules(estimated, 0, 100000);
  const exploration_statistics estimated_back = exploration_statistics::decode(estimated.encode());
  EXPECT_TRUE(estimated_back.distinct_estimated());
  EXPECT_EQ(estimated_back.distinct(), estimated.distinct());
  EXPECT_THROW(exploration_statistics::decode("nonsense"), std::invalid_argument);
  EXPECT_THROW(exploration_statistics::decode("x zz"), std::invalid_argument);
}

#include "support/round_counts.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <vector>

namespace weft::detail {
namespace {

// What for_each reports: each value with its count, in the order of first occurrence.
std::vector<std::pair<std::uint64_t, std::uint64_t>> reported(const round_counts& counts) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;
  counts.for_each([&](std::uint64_t value, std::uint64_t count) { seen.emplace_back(value, count); });
  return seen;
}

TEST(RoundCounts, CountsEveryValueThroughEveryGrowthInFirstOccurrenceOrder) {
  round_counts counts;
  std::map<std::uint64_t, std::uint64_t> expected;
  std::vector<std::uint64_t> order;
  std::uint64_t x = 0x243f6a8885a308d3ULL;
  for (int i = 0; i < 20000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const std::uint64_t value = (x >> 20) % 3000 << 40;  // repeats; low bits all zero
    if (expected[value]++ == 0) order.push_back(value);
    counts.add(value);
  }
  const auto seen = reported(counts);
  ASSERT_EQ(seen.size(), order.size());
  EXPECT_EQ(counts.distinct(), order.size());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].first, order[i]) << i;
    EXPECT_EQ(seen[i].second, expected[order[i]]) << i;
  }
}

TEST(RoundCounts, ANewRoundForgetsTheLastOnesCounts) {
  round_counts counts;
  for (std::uint64_t v = 0; v < 100; ++v) counts.add(v * 7);
  counts.add(14);
  counts.next_round();
  EXPECT_EQ(counts.distinct(), 0u);
  counts.add(14);
  counts.add(0);
  counts.add(14);
  const auto seen = reported(counts);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], (std::pair<std::uint64_t, std::uint64_t>{14, 2}));
  EXPECT_EQ(seen[1], (std::pair<std::uint64_t, std::uint64_t>{0, 1}));
}

}  // namespace
}  // namespace weft::detail

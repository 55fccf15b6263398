#include "support/hash_set64.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>

namespace weft::detail {
namespace {

TEST(HashSet64, CountsEachValueOnceThroughEveryGrowth) {
  hash_set64 set;
  std::set<std::uint64_t> expected;
  std::uint64_t x = 0x243f6a8885a308d3ULL;
  for (int i = 0; i < 20000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const std::uint64_t value = x % 5000;  // many repeats, zero among them
    EXPECT_EQ(set.contains(value), expected.count(value) == 1);
    EXPECT_EQ(set.insert(value), expected.insert(value).second);
    EXPECT_TRUE(set.contains(value));
  }
  EXPECT_EQ(set.size(), expected.size());
  std::set<std::uint64_t> visited;
  set.for_each([&](std::uint64_t v) { EXPECT_TRUE(visited.insert(v).second); });
  EXPECT_EQ(visited, expected);
}

TEST(HashSet64, ValuesThatDifferOnlyInHighBitsAreAllKept) {
  hash_set64 set;
  for (std::uint64_t i = 0; i < 3000; ++i) EXPECT_TRUE(set.insert(i << 40));
  EXPECT_EQ(set.size(), 3000u);
  EXPECT_FALSE(set.insert(std::uint64_t{7} << 40));
}

TEST(HashSet64, ReleaseEmptiesIt) {
  hash_set64 set;
  set.insert(0);
  set.insert(42);
  set.release();
  EXPECT_EQ(set.size(), 0u);
  EXPECT_TRUE(set.insert(42));
  EXPECT_TRUE(set.insert(0));
}

}  // namespace
}  // namespace weft::detail

// What an exploration counts over its executions (distinct schedules, steps per
// execution), in memory that does not grow with the number of executions.
//
// Distinct schedules are counted exactly up to exact_limit of them, and estimated beyond
// with a HyperLogLog sketch (Flajolet et al., 2007) of 4,096 registers, kept from the
// first execution: its standard error is 1.04 / sqrt(4096), about 1.6%. Steps per
// execution are kept as a count per step number, bounded by options::max_steps distinct
// values, so min, median and max stay exact. Both merge: the statistics of workers that
// explored disjoint executions combine without counting a schedule two workers both ran
// twice.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "support/hash_set64.hpp"

namespace weft::inline sim_v1::detail {

class exploration_statistics {
 public:
  static constexpr std::size_t exact_limit = std::size_t{1} << 16;
  // The relative standard error of the estimate once it is one.
  static constexpr double estimate_error = 0.016;

  void add(std::uint64_t schedule_hash, std::uint64_t steps);
  // Adds what `other` counted over other executions.
  void merge(const exploration_statistics& other);

  std::uint64_t distinct() const noexcept;
  // Whether distinct() is an estimate (more than exact_limit distinct schedules seen).
  bool distinct_estimated() const noexcept { return estimated_; }
  bool has_steps() const noexcept { return !steps_.empty(); }
  std::uint64_t min_steps() const noexcept;
  std::uint64_t median_steps() const noexcept;
  std::uint64_t max_steps() const noexcept;

  // A line of text that decode() turns back into the same statistics (for workers).
  std::string encode() const;
  // Throws std::invalid_argument for text encode() did not write.
  static exploration_statistics decode(std::string_view text);

 private:
  static constexpr int register_bits = 12;
  void sketch(std::uint64_t schedule_hash) noexcept;

  hash_set64 exact_;  // emptied once estimated_
  bool estimated_ = false;
  std::array<std::uint8_t, std::size_t{1} << register_bits> registers_{};
  std::map<std::uint64_t, std::uint64_t> steps_;  // steps -> executions that took them
};

}  // namespace weft::detail

// Counting the executions a strategy needs to find a bug, for the bug-finding tables
// (bug_finding.cpp, examples_table.cpp). Counts rather than times, so these are plain
// programs, not Google Benchmark ones.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <weft/explore.hpp>

namespace weft_bench {

// Executions to the first failure of `body` under `opt` (strategy, seed and settings
// given; iterations is the limit), or 0 if there was none within the limit.
inline std::uint64_t executions_to_find(weft::options opt, const std::function<void()>& body) {
  opt.minimize_seconds = 0;
  opt.check_determinism = false;
  opt.quiet = true;
  const weft::report r = weft::explore(opt, body);
  if (!r.failed() || r.executions() > opt.iterations) return 0;
  return r.executions();
}

// The middle of the counts, with 0 (not found) counted as limit + 1.
inline std::uint64_t median_count(std::vector<std::uint64_t> found, std::uint64_t limit) {
  for (auto& n : found) {
    if (n == 0) n = limit + 1;
  }
  std::sort(found.begin(), found.end());
  return found[found.size() / 2];
}

// The middle of the counts (0 = not found, which sorts last), shown as ">limit" when
// it was not found.
inline std::string median(const std::vector<std::uint64_t>& found, std::uint64_t limit) {
  const std::uint64_t middle = median_count(found, limit);
  return middle > limit ? ">" + std::to_string(limit) : std::to_string(middle);
}

// "median / worst", where worst is ">limit" if any seed did not find it.
inline std::string median_and_worst(const std::vector<std::uint64_t>& found, std::uint64_t limit) {
  const bool all = std::none_of(found.begin(), found.end(), [](std::uint64_t n) { return n == 0; });
  const std::uint64_t worst = *std::max_element(found.begin(), found.end());
  return median(found, limit) + " / " + (all ? std::to_string(worst) : ">" + std::to_string(limit));
}

}  // namespace weft_bench

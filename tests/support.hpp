// Helpers shared by weft's own tests.
#pragma once

#include <cstdint>
#include <string>

#include <weft/explore.hpp>

namespace weft_test {

// Options independent of the WEFT_* variables of the environment the tests run in.
inline weft::options options_for(std::uint64_t iterations, const std::string& strategy = "random",
                                 std::uint64_t seed = 1) {
  weft::options opt;
  opt.strategy = strategy;
  opt.iterations = iterations;
  opt.seed = seed;
  opt.max_steps = 100000;
  return opt;
}

// True if some thread in the report is blocked at `line` of a file ending in `file`.
inline bool has_thread_at(const weft::report& r, const std::string& state, unsigned line) {
  for (const auto& t : r.threads()) {
    if (t.state == state && t.where.line == line) return true;
  }
  return false;
}

}  // namespace weft_test

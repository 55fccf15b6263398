// The options a program under bench/ explores with when it times the engine itself.
#pragma once

#include <cstdint>

#include <weft/explore.hpp>

namespace weft_bench {

// `executions` executions of the random walk (the engine's cost, as measured for issue
// 16), with nothing printed, no determinism check (one run of each schedule, not two),
// and a step limit no measured body reaches.
inline weft::options timing_options(std::uint64_t executions) {
  weft::options opt;
  opt.strategy = "random";
  opt.iterations = executions;
  opt.quiet = true;
  opt.check_determinism = false;
  opt.max_steps = 100'000'000;
  return opt;
}

}  // namespace weft_bench

// Shrinking a failing schedule before it is reported.
//
// No mainstream tool shrinks the interleaving itself; weft treats the recorded
// deviations from the non-preemptive schedule like any shrinkable input (delta
// debugging, Zeller 2002): it removes chunks of them, reruns the body guided by what is
// left (the default elsewhere), and keeps a candidate only if it fails the same way
// (same kind, same source line) with fewer deviations, or as many and fewer steps.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

#include "execution/execution.hpp"
#include "schedule/token.hpp"

namespace weft::inline sim_v1::detail {

struct minimized {
  recorded_schedule schedule;
  std::uint64_t steps;
};

// `failing` is the schedule `config` produced with `steps` steps and failure `failure`.
// Gives up improving after `budget`.
minimized minimize(const recorded_schedule& failing, std::uint64_t steps, const failure_record& failure,
                   const execution_config& config, const std::function<void()>& body, execution_backend& threads,
                   std::chrono::milliseconds budget);

}  // namespace weft::inline sim_v1::detail

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
#include <optional>

#include "execution/execution.hpp"
#include "schedule/token.hpp"

namespace weft::inline sim_v1::detail {

struct minimized {
  recorded_schedule schedule;
  std::uint64_t steps;
};

// Runs the body guided by `deviations` (the default schedule elsewhere); returns the
// schedule it ran and its steps if it failed the same way as the schedule being shrunk,
// nullopt otherwise.
using candidate_runner = std::function<std::optional<minimized>(std::vector<deviation> deviations)>;

// The search: `failing` ran `steps` steps; `run` tries a candidate. Gives up improving
// after `budget`.
minimized minimize(const minimized& failing, const candidate_runner& run, std::chrono::milliseconds budget);

// The search with candidates run in this process: `failing` is the schedule `config`
// produced with `steps` steps and failure `failure`.
minimized minimize(const recorded_schedule& failing, std::uint64_t steps, const failure_record& failure,
                   const execution_config& config, const std::function<void()>& body, execution_backend& threads,
                   std::chrono::milliseconds budget);

}  // namespace weft::inline sim_v1::detail

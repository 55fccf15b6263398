// Comparing two runs of the same schedule, for nondeterminism reports.
#pragma once

#include <string>

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

// Empty if both runs did the same things in the same order and ended the same way;
// otherwise the first difference, in words. `again` must have kept every event
// (execution::events_complete); `first` may have kept only its latest, which are then
// compared with the same events of `again`, and the two runs' counts of events.
std::string first_difference(const execution& first, const execution& again);

// How a run ended, in words: "no failure", or the failure's kind and message.
std::string describe_outcome(const failure_record& f);

}  // namespace weft::inline sim_v1::detail

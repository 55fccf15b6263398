// Comparing two runs of the same schedule, for nondeterminism reports.
#pragma once

#include <string>

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

// Empty if both runs did the same things in the same order and ended the same way;
// otherwise the first difference, in words.
std::string first_difference(const execution& first, const execution& again);

}  // namespace weft::inline sim_v1::detail

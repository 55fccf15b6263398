// The first thing every operation of a primitive does: tell the running execution it
// touches the object (sim_object::enter_execution), inline for the usual case.
#pragma once

#include <source_location>

#include <weft/detail/sim/runtime.hpp>

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

// Whether `object` is intact and the running execution has met it already, as at all but
// its first operation: then entering it has nothing to do. Requires a running execution.
[[nodiscard]] inline bool met_already(const sim_object& object) noexcept {
  return object.intact() && object.generation() == execution::current()->generation();
}

// sim_object::enter_execution without a call in the usual case (met_already): a call
// there is a visible share of a lock or an atomic operation.
[[nodiscard]] inline sim_object::touch enter(sim_object& object, std::source_location where) noexcept {
  if (met_already(object)) [[likely]] return sim_object::touch::known;
  return object.enter_execution(where);
}

}  // namespace weft::inline sim_v1::detail

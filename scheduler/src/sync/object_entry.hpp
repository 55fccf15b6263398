// The first thing every operation of a primitive does: tell the running execution it
// touches the object (sim_object::enter_execution), inline for the usual case.
#pragma once

#include <source_location>

#include <weft/detail/sim/runtime.hpp>

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

// sim_object::enter_execution without a call when the object is intact and the running
// execution has met it already, as at all but its first operation: a call there is a
// visible share of a lock or an atomic operation. Requires a running execution.
[[nodiscard]] inline sim_object::touch enter(sim_object& object, std::source_location where) noexcept {
  if (object.intact() && object.generation() == execution::current()->generation()) [[likely]] {
    return sim_object::touch::known;
  }
  return object.enter_execution(where);
}

}  // namespace weft::inline sim_v1::detail

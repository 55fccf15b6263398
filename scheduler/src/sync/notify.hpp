// What notify_one and notify_all do, for every primitive with waiters.
#pragma once

#include <source_location>

#include <weft/detail/sim/runtime.hpp>

#include "sync/object_entry.hpp"

namespace weft::inline sim_v1::detail {

// A scheduling point on `object`, then wakes one waiter of `queue` (which one is the
// strategy's choice) or all of them. Outside an execution there is nobody to wake.
// May throw execution_aborted.
void notify(sim_object& object, wait_queue& queue, op what, std::source_location where, bool all);

// Forgets waiters left in `queue` by an earlier execution when `object` is first touched
// in this one. Returns false if `object` was destroyed: the execution has failed (misuse)
// and the caller must not touch the object. Requires a running execution.
[[nodiscard]] inline bool refresh_queue(sim_object& object, wait_queue& queue, std::source_location where) noexcept {
  switch (enter(object, where)) {
    case sim_object::touch::first: queue = wait_queue{}; return true;
    case sim_object::touch::known: return true;
    case sim_object::touch::broken: return false;
  }
  return false;
}

}  // namespace weft::inline sim_v1::detail

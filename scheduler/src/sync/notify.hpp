// What notify_one and notify_all do, for every primitive with waiters.
#pragma once

#include <source_location>

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail {

// A scheduling point on `object`, then wakes one waiter of `queue` (which one is the
// strategy's choice) or all of them. Outside an execution there is nobody to wake.
// May throw execution_aborted.
void notify(sim_object& object, wait_queue& queue, op what, std::source_location where, bool all);

// Forgets waiters left in `queue` by an earlier execution when `object` is first touched
// in this one. Requires a running execution.
inline void refresh_queue(sim_object& object, wait_queue& queue) noexcept {
  if (object.enter_execution()) queue = wait_queue{};
}

}  // namespace weft::inline sim_v1::detail

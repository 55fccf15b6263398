// The generic waiting interface of runtime.hpp, for primitives implemented in headers.
#include <weft/detail/sim/runtime.hpp>

#include "execution/execution.hpp"
#include "sync/notify.hpp"

namespace weft::inline sim_v1::detail {

wake_reason wait_in(sim_object& object, wait_queue& queue, op what, wait_limits limits,
                    std::source_location where) {
  execution& ex = *execution::current();
  if (ex.stopping()) {
    ex.abort_if_stopping();
    return wake_reason::torn_down;
  }
  ex.enqueue(queue);
  return ex.sleep(what, target_of(&object), where, no_thread, true, limits);
}

std::size_t wake(wait_queue& queue, bool all) noexcept {
  execution* ex = execution::current();
  if (ex == nullptr) return 0;
  if (all) {
    const std::size_t n = ex->waiting(queue);
    ex->wake_all(queue);
    return n;
  }
  return ex->wake_one(queue) ? 1 : 0;
}

}  // namespace weft::inline sim_v1::detail

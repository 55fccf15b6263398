// Virtual time as the shims see it: the clock, and sleeping.
#include <weft/detail/sim/runtime.hpp>
#include <weft/detail/sim/thread_core.hpp>

#include <weft/errors.hpp>

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

virtual_time now() noexcept {
  const execution* ex = execution::current();
  return ex == nullptr ? 0 : ex->now();
}

virtual_time read_clock() noexcept {
  execution* ex = execution::current();
  return ex == nullptr ? 0 : ex->read_clock();
}

bool sleep_until(virtual_time deadline, std::source_location where, const std::stop_token* stop) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (deadline <= 0) return true;  // nothing to wait for
    throw usage_error("weft: sleep outside weft::explore: there is no clock outside an exploration "
                      "(virtual time exists only inside one)");
  }
  ex->check_not_holding_locks(op::sleep, target{}, where);
  ex->point(op::sleep, target{}, where);
  if (ex->stopping() || deadline <= ex->now()) return true;
  // A sleep is not a timeout: the strategy never ends it early, only the clock does.
  const wake_reason woke = ex->sleep(op::sleep, target{}, where, no_thread, true, wait_limits{deadline, stop, false});
  return woke != wake_reason::stopped;
}

}  // namespace weft::inline sim_v1::detail

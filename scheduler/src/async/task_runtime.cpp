// The entry points of detail/sim/task_core.hpp: tasks as the simulator sees them.
#include <string>

#include <weft/detail/sim/task_core.hpp>
#include <weft/errors.hpp>

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

thread_handle spawn_task(const task& body, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    body.destroy(body.target());
    throw usage_error("weft: weft::spawn outside weft::explore: simulated tasks exist only inside an execution");
  }
  return ex->spawn(body, where, true);
}

void awaiting(std::source_location where) {
  if (execution* ex = execution::current()) ex->check_not_holding_locks_across_await(where);
}

void task_started(const std::stop_source& source, thread_index task) noexcept {
  execution* ex = execution::current();
  if (ex == nullptr) return;
  ex->add_cancellable(source, execution::stop_owner::task, task);
  ex->hold_stop_token(source.get_token(), task);
}

void lost_task_error(std::exception_ptr error, thread_index task, std::source_location where) noexcept {
  execution* ex = execution::current();
  if (ex == nullptr) return;
  try {
    ex->lost_task_error(error, task, where);
  } catch (...) {
    // Recording the failure allocates; out of memory the failure is lost with the rest.
  }
}

}  // namespace weft::detail

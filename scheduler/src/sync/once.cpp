// weft::call_once in the simulated build.
#include <weft/detail/sim/call_once.hpp>
#include <weft/errors.hpp>

#include "execution/execution.hpp"
#include "report/naming.hpp"
#include "sync/destruction.hpp"
#include "sync/notify.hpp"
#include "sync/object_entry.hpp"
#include "sync/ordering.hpp"

namespace weft::inline sim_v1::detail {

once_core::~once_core() {
  drop_waiters_of_destroyed(object_, {&waiters_});
}

bool once_core::begin(std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, "call_once", where)) return false;
    if (state_ == state::running) {
      throw usage_error("weft: call_once called again from inside its own function (std would deadlock)");
    }
    if (state_ == state::done) return false;
    state_ = state::running;
    return true;
  }
  switch (enter(object_, where)) {
    case sim_object::touch::broken:
      ex->abort_if_stopping();
      return false;
    case sim_object::touch::first:
      // Every execution runs the function anew (as every primitive forgets an earlier
      // execution), unless the code around explore() ran it.
      if (!done_outside_) state_ = state::idle;
      runner_ = no_thread;
      waiters_ = wait_queue{};
      break;
    case sim_object::touch::known:
      break;
  }
  ex->point(op::call_once, target_of(&object_), where);
  for (;;) {
    if (ex->stopping()) return false;
    if (state_ == state::done) return false;
    if (state_ == state::idle) {
      state_ = state::running;
      runner_ = ex->running();
      return true;
    }
    if (runner_ == ex->running()) {
      misuse("call_once called again from inside its own function: std::call_once would deadlock", where);
      return false;
    }
    ex->enqueue(waiters_);
    if (ex->sleep(op::call_once, target_of(&object_), where, runner_) == wake_reason::torn_down) return false;
  }
}

void once_core::finish(bool done) noexcept {
  state_ = done ? state::done : state::idle;
  runner_ = no_thread;
  if (execution::current() == nullptr) {
    done_outside_ = done;
    return;
  }
  if (!object_.live()) return;
  // What the function did happens before every later call_once on the flag returns.
  give_to(object_);
  wake(waiters_, true);
}

}  // namespace weft::inline sim_v1::detail

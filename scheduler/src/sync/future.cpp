// The waiting side of weft::future and friends in the simulated build.
#include <weft/detail/sim/future_core.hpp>
#include <weft/errors.hpp>

#include "execution/execution.hpp"
#include "sync/destruction.hpp"
#include "sync/notify.hpp"

namespace weft::inline sim_v1::detail {

namespace {

// The event `what` of a result made ready without a scheduling point (from a destructor
// or a thread's exit), unless the execution is stopping or the future is gone.
void note_ready(sim_object& future, wait_queue& waiters, op what, std::source_location where) noexcept {
  execution* ex = execution::current();
  if (ex != nullptr && !ex->stopping() && refresh_queue(future, waiters, where)) {
    ex->note(what, target_of(&future), where);
  }
}

}  // namespace

future_core::~future_core() {
  drop_waiters_of_destroyed(object_, {&waiters_});
}

execution* future_core::point(op what, const char* named, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    report_foreign_use(object_, named, where);
    return nullptr;
  }
  if (!refresh_queue(object_, waiters_, where)) {
    ex->abort_if_stopping();
    return nullptr;
  }
  ex->point(what, target_of(&object_), where);
  return ex;
}

void future_core::before_set(std::source_location where, op what) { point(what, "set", where); }

void future_core::make_ready() noexcept {
  ready_ = true;
  if (execution::current() != nullptr && object_.live()) wake(waiters_, true);
}

void future_core::abandon() noexcept {
  // The destructor has no line of its own; the event names the future.
  note_ready(object_, waiters_, op::abandon, std::source_location{});
  make_ready();
}

void future_core::make_ready_at_thread_exit(std::source_location where) noexcept {
  note_ready(object_, waiters_, op::set_value, where);
  make_ready();
}

bool future_core::wait(virtual_time deadline, op what, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, what == op::get ? "get" : "wait", where)) return ready_;
    if (ready_ || deadline <= 0) return ready_;
    throw usage_error("weft: waiting outside weft::explore for a future whose result is not there would block forever");
  }
  if (!refresh_queue(object_, waiters_, where)) {
    ex->abort_if_stopping();
    return false;
  }
  ex->check_not_holding_locks(what, target_of(&object_), where);
  ex->point(what, target_of(&object_), where);
  while (!ready_ && !ex->stopping()) {
    if (wait_in(object_, waiters_, what, wait_limits{deadline}, where) == wake_reason::timed_out) break;
  }
  return ready_;
}

void future_core::poll_deferred(std::source_location where) {
  if (execution* ex = point(op::wait_deferred, "wait", where)) ex->attempted(false);
}

}  // namespace weft::inline sim_v1::detail

// weft::condition_variable and condition_variable_any in the simulated build.
#include <weft/detail/sim/condvar_core.hpp>
#include <weft/errors.hpp>

#include "execution/execution.hpp"
#include "report/naming.hpp"
#include "sync/destruction.hpp"
#include "sync/notify.hpp"

namespace weft::inline sim_v1::detail {

namespace {
// Outside an execution nothing could notify the waiter. Null (after reporting it) when
// the condition variable belongs to an execution running on another OS thread.
execution* require_execution(const sim_object& object, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr && !report_foreign_use(object, "wait", where)) {
    throw usage_error("weft: waiting on a weft::condition_variable outside weft::explore would block forever");
  }
  return ex;
}
}  // namespace

void condvar_core::begin_wait(std::source_location where) {
  execution* running = require_execution(object_, where);
  if (running == nullptr) return;
  execution& ex = *running;
  if (!refresh_queue(object_, waiters_, where)) {
    ex.abort_if_stopping();
    return;
  }
  ex.point(op::wait, target_of(&object_), where);
  if (!ex.stopping()) ex.enqueue(waiters_);
}

void condvar_core::cancel_wait() noexcept {
  execution* ex = execution::current();
  if (ex != nullptr && ex->in_queue(ex->running())) ex->dequeue(waiters_, ex->running());
}

wake_reason condvar_core::sleep(std::source_location where, virtual_time deadline,
                                const std::stop_token* stop) {
  execution* running = execution::current();
  if (running == nullptr) return wake_reason::notified;  // a foreign thread, reported by begin_wait
  execution& ex = *running;
  const thread_index me = ex.running();
  if (ex.stopping()) return wake_reason::torn_down;
  // The caller has released the lock it waits with; any other weft mutex it holds stays
  // locked for as long as it waits.
  ex.check_not_holding_locks(op::wait, target_of(&object_), where);
  if (ex.stopping()) return wake_reason::torn_down;
  if (!ex.in_queue(me)) return wake_reason::notified;
  if (ex.spurious_wakeups_enabled() && ex.choose(decision::spurious_wakeup, 2, 0) == 1) {
    // Woken without a notify: leave the queue but let others run first, as a real
    // spurious wakeup arrives at some later moment. Listed with the injections: a wait
    // without a predicate loop fails only through one. It touches the condition variable
    // no more: a notify_all meanwhile may end its life (point_past).
    ex.record_injection(op::woken_spuriously, target_of(&object_), where);
    ex.dequeue(waiters_, me);
    ex.point_past(op::wait, target_of(&object_), where);
    return wake_reason::notified;
  }
  return ex.sleep(op::wait, target_of(&object_), where, no_thread, true, wait_limits{deadline, stop, true});
}

wake_reason condvar_core::wait(mutex_core& held, std::source_location where, virtual_time deadline) {
  execution* running = require_execution(object_, where);
  if (running == nullptr) return wake_reason::notified;
  execution& ex = *running;
  if (!held.refresh(where)) {
    ex.abort_if_stopping();
    return wake_reason::torn_down;
  }
  begin_wait(where);
  if (ex.stopping()) return wake_reason::torn_down;  // behave as a spurious wakeup
  const thread_index me = ex.running();
  if (held.owner_ != me) {
    cancel_wait();
    ex.fail(failure_kind::misuse,
            thread_label(me) + " waits on " + object_label(object_.kind(), object_.id()) +
                " with " + object_label(held.object_.kind(), held.object_.id()) +
                ", which it does not hold: the mutex must be locked by the waiting thread",
            where);
    ex.abort_if_stopping();
    return wake_reason::torn_down;
  }
  if (ex.waiting(waiters_) > 1 && waiters_mutex_ != &held) {
    cancel_wait();
    ex.fail(failure_kind::misuse,
            thread_label(me) + " waits on " + object_label(object_.kind(), object_.id()) + " with " +
                object_label(held.object_.kind(), held.object_.id()) + " while " +
                thread_label(waiters_.head) + " waits on it with " +
                object_label(waiters_mutex_->object_.kind(), waiters_mutex_->object_.id()) +
                ": every thread waiting at once must use the same mutex (undefined behaviour)",
            where);
    ex.abort_if_stopping();
    return wake_reason::torn_down;
  }
  waiters_mutex_ = &held;
  const std::uint32_t depth = held.release_for_wait();
  const wake_reason woke = sleep(where, deadline);
  held.reacquire_after_wait(depth, where);
  return woke;
}

void condvar_core::notify_one(std::source_location where) {
  notify(object_, waiters_, op::notify_one, where, false);
}

void condvar_core::notify_all(std::source_location where) {
  notify(object_, waiters_, op::notify_all, where, true);
}

condvar_core::~condvar_core() {
  drop_waiters_of_destroyed(object_, {&waiters_});
}

}  // namespace weft::detail

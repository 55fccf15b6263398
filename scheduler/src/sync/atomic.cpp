// The blocking part of weft::atomic (C++20 wait/notify) in the simulated build.
#include <cstring>

#include <weft/detail/sim/atomic_core.hpp>
#include <weft/errors.hpp>

#include "execution/execution.hpp"
#include "report/naming.hpp"
#include "sync/notify.hpp"

namespace weft::inline sim_v1::detail {

atomic_core::~atomic_core() {
  execution* ex = execution::current();
  if (ex != nullptr && object_.live()) ex->abandon(waiters_);
}

void atomic_core::before(op what, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {  // outside an execution the code runs sequentially
    report_foreign_use(object_, op_name(what).data(), where);
    return;
  }
  if (!refresh_queue(object_, waiters_, where)) {
    ex->abort_if_stopping();
    return;  // unwinding passively: the operation goes on, as on any memory
  }
  ex->point(what, target_of(&object_), where);
}

namespace {

// The running execution, if the atomic's operation is one it orders.
execution* ordering_execution() {
  execution* ex = execution::current();
  return ex != nullptr && !ex->stopping() ? ex : nullptr;
}

}  // namespace

void atomic_core::loaded(std::memory_order order) const {
  if (execution* ex = ordering_execution()) ex->memory().atomic_load(ex->running(), object_.id(), order);
}

void atomic_core::stored(std::memory_order order) const {
  if (execution* ex = ordering_execution()) ex->memory().atomic_store(ex->running(), object_.id(), order);
}

void atomic_core::modified(std::memory_order order) const {
  if (execution* ex = ordering_execution()) ex->memory().atomic_read_modify_write(ex->running(), object_.id(), order);
}

void thread_fence(std::memory_order order) {
  if (execution* ex = ordering_execution()) ex->memory().fence(ex->running(), order);
}

void atomic_core::wait(const void* value, const void* old, std::size_t size, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, "wait", where)) return;
    if (std::memcmp(value, old, size) == 0) {
      throw usage_error("weft: atomic::wait outside weft::explore on an unchanged value would block forever");
    }
    return;
  }
  if (!refresh_queue(object_, waiters_, where)) {
    ex->abort_if_stopping();
    return;
  }
  ex->check_not_holding_locks(op::atomic_wait, target_of(&object_), where);
  for (;;) {
    ex->point(op::atomic_wait, target_of(&object_), where);
    if (ex->stopping() || std::memcmp(value, old, size) != 0) return;
    if (ex->spurious_wakeups_enabled() && ex->choose(decision::spurious_wakeup, 2, 0) == 1) continue;
    ex->enqueue(waiters_);
    if (ex->sleep(op::atomic_wait, target_of(&object_), where) == wake_reason::torn_down) return;
  }
}

void atomic_core::notify_one(std::source_location where) {
  notify(object_, waiters_, op::atomic_notify, where, false);
}

void atomic_core::notify_all(std::source_location where) {
  notify(object_, waiters_, op::atomic_notify, where, true);
}

}  // namespace weft::inline sim_v1::detail

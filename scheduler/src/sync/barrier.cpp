// weft::barrier's phases in the simulated build.
#include <stdexcept>
#include <string>

#include <weft/detail/sim/barrier.hpp>
#include <weft/errors.hpp>

#include "execution/execution.hpp"
#include "sync/destruction.hpp"
#include "sync/notify.hpp"
#include "sync/ordering.hpp"

namespace weft::inline sim_v1::detail {

barrier_core::barrier_core(std::ptrdiff_t expected, std::source_location declared)
    : object_(object_kind::barrier, declared), expected_(expected), pending_(expected) {
  if (expected < 0) throw std::invalid_argument("weft::barrier: expected count " + std::to_string(expected) + " is negative");
}

barrier_core::~barrier_core() {
  drop_waiters_of_destroyed(object_, {&waiters_});
}

barrier_core::arrival barrier_core::arrive(std::ptrdiff_t update, bool drop, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr && report_foreign_use(object_, "arrive", where)) return {phase_, false};
  if (ex != nullptr) {
    if (!refresh_queue(object_, waiters_, where)) {
      ex->abort_if_stopping();
      return {0, false};
    }
    ex->point(op::arrive, target_of(&object_), where);
    if (ex->stopping()) return {phase_, false};
  }
  if (update <= 0 || update > pending_) {
    misuse("barrier::arrive with more arrivals than the phase expects (or none)", where);
    return {phase_, false};
  }
  if (drop) --expected_;
  pending_ -= update;
  // The last arrival runs the completion: every arrival of the phase happens before it
  // ([thread.barrier.class]), so the completion function sees what they wrote.
  if (pending_ == 0 && ex != nullptr) take_from(object_);
  return {phase_, pending_ == 0};
}

void barrier_core::finish_phase() {
  pending_ = expected_;
  ++phase_;
  execution* ex = execution::current();
  if (ex == nullptr) return;
  // The completion (which took the arrivals, arrive) happens before the waits it ends.
  give_to(object_);
  wake(waiters_, true);
}

void barrier_core::wait(std::uint64_t phase, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, "wait", where)) return;
    if (phase_ == phase) throw usage_error("weft: waiting on a barrier outside weft::explore would block forever");
    return;
  }
  if (!refresh_queue(object_, waiters_, where)) {
    ex->abort_if_stopping();
    return;
  }
  ex->check_not_holding_locks(op::arrive_and_wait, target_of(&object_), where);
  while (phase_ == phase && !ex->stopping()) {
    wait_in(object_, waiters_, op::arrive_and_wait, {}, where);
  }
  // Woken or not (the phase may have ended before this wait began), the waiter takes what
  // the completion released.
  take_from(object_);
}

}  // namespace weft::inline sim_v1::detail

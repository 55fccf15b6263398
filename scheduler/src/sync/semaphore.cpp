// weft::counting_semaphore in the simulated build.
#include <stdexcept>
#include <string>

#include <weft/detail/sim/semaphore.hpp>
#include <weft/errors.hpp>

#include "execution/execution.hpp"
#include "sync/destruction.hpp"
#include "sync/notify.hpp"
#include "sync/ordering.hpp"

namespace weft::inline sim_v1::detail {

semaphore_core::semaphore_core(std::ptrdiff_t initial, std::ptrdiff_t max, std::source_location declared)
    : object_(object_kind::semaphore, declared), count_(initial), max_(max) {
  if (initial < 0 || initial > max) {
    throw std::invalid_argument("weft::counting_semaphore: initial count " + std::to_string(initial) +
                                " is outside [0, " + std::to_string(max) + "]");
  }
}

semaphore_core::~semaphore_core() {
  drop_waiters_of_destroyed(object_, {&waiters_});
}

void semaphore_core::release(std::ptrdiff_t update, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr && report_foreign_use(object_, "release", where)) return;
  if (ex != nullptr) {
    if (!refresh_queue(object_, waiters_, where)) {
      ex->abort_if_stopping();
      return;
    }
    ex->point(op::release, target_of(&object_), where);
    if (ex->stopping()) return;
  }
  if (update < 0 || update > max_ - count_) {
    misuse("counting_semaphore::release would take the count below 0 or above max()", where);
    return;
  }
  count_ += update;
  for (std::ptrdiff_t i = 0; i < update && wake(waiters_, false) == 1; ++i) {
  }
}

bool semaphore_core::acquire(const wait_limits& limits, bool block, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, "acquire", where)) return true;
    if (count_ == 0 && block) {
      throw usage_error("weft: acquire on an empty semaphore outside weft::explore would block forever");
    }
    return count_ > 0 && count_-- > 0;
  }
  if (!refresh_queue(object_, waiters_, where)) {
    ex->abort_if_stopping();
    return false;
  }
  if (block) ex->check_not_holding_locks(op::acquire, target_of(&object_), where);
  ex->point(op::acquire, target_of(&object_), where);
  if (ex->stopping()) return false;  // the semaphore may be gone (destroyed at the point)
  if (!block) ex->attempted(count_ > 0);
  while (count_ == 0) {
    if (ex->stopping() || !block) return false;
    if (wait_in(object_, waiters_, op::acquire, limits, where) != wake_reason::notified) return false;
  }
  --count_;
  take_from(object_);  // the releases before; an acquire that got nothing takes nothing
  return true;
}

}  // namespace weft::inline sim_v1::detail

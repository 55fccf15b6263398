// weft::latch in the simulated build.
#include <stdexcept>
#include <string>

#include <weft/detail/sim/latch.hpp>
#include <weft/errors.hpp>

#include "execution/execution.hpp"
#include "report/naming.hpp"
#include "sync/destruction.hpp"
#include "sync/notify.hpp"
#include "sync/ordering.hpp"

WEFT_BEGIN_NAMESPACE

using detail::execution;

latch::latch(std::ptrdiff_t expected, detail::call_site declared)
    : object_(detail::object_kind::latch, declared), count_(expected) {
  if (expected < 0) throw std::invalid_argument("weft::latch: expected count " + std::to_string(expected) + " is negative");
}

latch::~latch() {
  execution* ex = execution::current();
  // A thread at wait's scheduling point is let go once the count is zero (wait), as std
  // lets a latch be destroyed while unblocked waiters have not returned; before, it would
  // wait on dead memory for ever.
  if (ex != nullptr && count_ > 0 && object_.live() && !ex->stopping()) {
    const detail::thread_index waiter = ex->standing_at(detail::op::wait, detail::target_of(&object_));
    if (waiter != detail::no_thread) {
      ex->fail(failure_kind::misuse,
               detail::object_label(object_.kind(), object_.id()) + " destroyed with its count at " +
                   std::to_string(count_) + " while t" + std::to_string(waiter) +
                   " is about to wait on it (undefined behaviour)",
               std::source_location{});
      ex->wait_for_teardown();  // the waiter is unwound while the latch exists
    }
  }
  drop_waiters_of_destroyed(object_, {&waiters_});
}

void latch::count_down(std::ptrdiff_t update, loc where) {
  execution* ex = execution::current();
  if (ex == nullptr && detail::report_foreign_use(object_, "count_down", where)) return;
  if (ex != nullptr) {
    if (!detail::refresh_queue(object_, waiters_, where)) {
      ex->abort_if_stopping();
      return;
    }
    ex->point(detail::op::count_down, detail::target_of(&object_), where);
    if (ex->stopping()) return;
  }
  if (update < 0 || update > count_) {
    detail::misuse("latch::count_down by more than the count left (or by a negative number)", where);
    return;
  }
  count_ -= update;
  if (count_ == 0) detail::wake(waiters_, true);
}

bool latch::try_wait(loc where) const {
  if (!detail::visible_op(detail::op::load, &object_, where) || count_ != 0) return false;
  detail::take_from(object_);  // the count_downs; a try_wait that found the count above 0 takes nothing
  return true;
}

void latch::wait(loc where) const {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (detail::report_foreign_use(object_, "wait", where)) return;
    if (count_ > 0) throw usage_error("weft: waiting on a latch outside weft::explore would block forever");
    return;
  }
  if (!detail::refresh_queue(object_, waiters_, where)) {
    ex->abort_if_stopping();
    return;
  }
  const detail::target about = detail::target_of(&object_);
  ex->check_not_holding_locks(detail::op::wait, about, where);
  // std lets a latch whose count reached zero be destroyed before the waiters it
  // unblocked return (the last arrive_and_wait's thread may destroy it at once): one
  // destroyed at this point (the destructor reports it unless the count was zero) is
  // not touched again.
  ex->point_past(detail::op::wait, about, where);
  if (ex->destroyed(about)) return;
  while (!ex->stopping() && count_ > 0) {
    detail::wait_in(object_, waiters_, detail::op::wait, {}, where);
  }
  if (count_ == 0) detail::take_from(object_);
}

void latch::arrive_and_wait(std::ptrdiff_t update, loc where) {
  count_down(update, where);
  wait(where);
}

WEFT_END_NAMESPACE

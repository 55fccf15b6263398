// weft::channel's waiting and waking in the simulated build.
#include <stdexcept>
#include <string>

#include <weft/detail/sim/channel_core.hpp>
#include <weft/errors.hpp>

#include "execution/execution.hpp"
#include "sync/destruction.hpp"
#include "sync/object_entry.hpp"
#include "sync/ordering.hpp"

namespace weft::inline sim_v1::detail {

namespace {

std::size_t checked_capacity(std::ptrdiff_t capacity) {
  if (capacity < 1) {
    throw std::invalid_argument("weft::channel capacity must be at least 1 (got " + std::to_string(capacity) +
                                "): weft has no unbounded channel, by design; choose a bound");
  }
  return static_cast<std::size_t>(capacity);
}

channel_status from_wake(wake_reason woke) noexcept {
  switch (woke) {
    case wake_reason::timed_out: return channel_status::timed_out;
    case wake_reason::stopped:
    case wake_reason::torn_down: return channel_status::stopped;
    case wake_reason::notified: break;
  }
  return channel_status::ok;
}

// A channel orders its two directions itself (memory/synchronization.hpp lists only its
// close and observations): a send gives to the receive that takes its value, a receive to
// the sends after it (sync/ordering.hpp). Each side gives when its value moved (end_send,
// end_recv), and takes only when it goes ahead: a send that finds room, a receive that
// finds a value or the channel closed (one that finds nothing takes nothing).

}  // namespace

channel_core::channel_core(std::ptrdiff_t capacity, std::source_location declared)
    : object_(object_kind::channel, declared), capacity_(checked_capacity(capacity)) {}

channel_core::~channel_core() {
  drop_waiters_of_destroyed(object_, {&senders_, &receivers_});
}

bool channel_core::refresh(std::source_location where) noexcept {
  switch (enter(object_, where)) {
    case sim_object::touch::first:
      senders_ = wait_queue{};
      receivers_ = wait_queue{};
      return true;
    case sim_object::touch::known: return true;
    case sim_object::touch::broken: return false;
  }
  return false;
}

bool channel_core::observe(std::source_location where) noexcept {
  execution* ex = execution::current();
  if (ex == nullptr) return true;  // outside: the state is read as it is
  if (!refresh(where)) return false;
  const target about = target_of(&object_);
  ex->point(op::load, about, where, false);
  return !ex->stopping() || !ex->destroyed(about);
}

channel_status channel_core::begin_send(const wait_limits& limits, bool block, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, "send", where)) return channel_status::stopped;
    if (closed_) return channel_status::closed;
    if (count_ < capacity_) return channel_status::ok;
    if (block) throw usage_error("weft: send on a full channel outside weft::explore would block forever");
    return channel_status::full;
  }
  if (!refresh(where)) {
    ex->abort_if_stopping();
    return channel_status::stopped;
  }
  if (block) ex->check_not_holding_locks(op::send, target_of(&object_), where);
  ex->point(op::send, target_of(&object_), where);
  for (;;) {
    if (ex->stopping()) return channel_status::stopped;
    if (closed_) return channel_status::closed;
    if (!block) ex->attempted(count_ < capacity_);
    if (count_ < capacity_) {
      take_from_receivers(object_);
      return channel_status::ok;
    }
    if (!block) return channel_status::full;
    const channel_status woke = from_wake(wait_in(object_, senders_, op::send_on_full, limits, where));
    if (woke != channel_status::ok) return woke;
  }
}

void channel_core::end_send() noexcept {
  ++count_;
  if (execution::current() == nullptr) return;
  give_to(object_);
  wake(receivers_, false);
}

channel_status channel_core::begin_recv(const wait_limits& limits, bool block, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, "recv", where)) return channel_status::stopped;
    if (count_ > 0) return channel_status::ok;
    if (closed_) return channel_status::closed;
    if (block) throw usage_error("weft: recv on an empty channel outside weft::explore would block forever");
    return channel_status::empty;
  }
  if (!refresh(where)) {
    ex->abort_if_stopping();
    return channel_status::stopped;
  }
  if (block) ex->check_not_holding_locks(op::recv, target_of(&object_), where);
  ex->point(op::recv, target_of(&object_), where);
  for (;;) {
    if (ex->stopping()) return channel_status::stopped;
    if (!block) ex->attempted(count_ > 0);
    if (count_ > 0 || closed_) {
      take_from(object_);
      return count_ > 0 ? channel_status::ok : channel_status::closed;
    }
    if (!block) return channel_status::empty;
    const channel_status woke = from_wake(wait_in(object_, receivers_, op::recv_on_empty, limits, where));
    if (woke != channel_status::ok) return woke;
  }
}

void channel_core::end_recv() noexcept {
  --count_;
  if (execution::current() == nullptr) return;
  give_to_senders(object_);
  wake(senders_, false);
}

void channel_core::close(std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (!report_foreign_use(object_, "close", where)) closed_ = true;
    return;
  }
  if (!refresh(where)) {
    ex->abort_if_stopping();
    return;
  }
  ex->point(op::close, target_of(&object_), where);
  if (ex->stopping()) return;  // the channel may be gone (destroyed at the point)
  closed_ = true;
  wake(senders_, true);
  wake(receivers_, true);
}

}  // namespace weft::inline sim_v1::detail

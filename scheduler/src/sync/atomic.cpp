// weft::atomic's operations in the simulated build: the memory model's choices of what a
// load reads and where a store goes, fences, and the blocking part (C++20 wait/notify).
#include <cstring>

#include <weft/detail/sim/atomic_core.hpp>
#include <weft/errors.hpp>

#include "execution/execution.hpp"
#include "report/naming.hpp"
#include "sync/destruction.hpp"
#include "sync/notify.hpp"

namespace weft::inline sim_v1::detail {

namespace {

const char* order_name(std::memory_order order) noexcept {
  switch (order) {
    case std::memory_order_relaxed: return "memory_order_relaxed";
    case std::memory_order_consume: return "memory_order_consume";
    case std::memory_order_acquire: return "memory_order_acquire";
    case std::memory_order_release: return "memory_order_release";
    case std::memory_order_acq_rel: return "memory_order_acq_rel";
    case std::memory_order_seq_cst: return "memory_order_seq_cst";
  }
  return "an unknown memory_order";
}

}  // namespace

void disallowed_order(const char* operation, std::memory_order order, std::source_location where) {
  const std::string message = std::string("an atomic ") + operation + " with " + order_name(order) +
                              ", which [atomics.order] does not allow for it (undefined behaviour)";
  misuse(message.c_str(), where);
}

atomic_core::~atomic_core() {
  drop_waiters_of_destroyed(object_, {&waiters_});
}

bool atomic_core::before(op what, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {  // outside an execution the code runs sequentially
    report_foreign_use(object_, op_name(what).data(), where);
    return false;
  }
  if (!refresh_queue(object_, waiters_, where)) {
    ex->abort_if_stopping();
    return false;  // unwinding passively: the operation goes on, as on any memory
  }
  return ex->point_then_tracked(what, target_of(&object_), where);
}

namespace {

// The running execution, if it tracks the atomic's operation: not stopping, tracking
// memory, and not evaluating an invariant (which reads the newest values, and neither
// chooses among older stores nor synchronizes the running thread with anything). While
// untracked, an order weaker than seq_cst means tracking can matter.
execution* tracking_execution(std::memory_order order) {
  execution* ex = execution::current();
  if (ex == nullptr || ex->stopping() || ex->evaluating_invariants()) return nullptr;
  if (ex->tracked()) return ex;
  if (order != std::memory_order_seq_cst) ex->needs_tracking();
  return nullptr;
}

// "0 (stored by t2 at deque.hpp:74)", or "the initial 0" for the value the atomic held
// when the execution first touched it.
std::string store_text(const store_record& r, value_printer print) {
  std::string value = print(r.value.data());
  if (value.empty()) value = "a value";
  if (r.writer == no_thread) return "the initial " + value;
  return value + " (stored by " + thread_label(r.writer) + " at " + place_label(r.where) + ")";
}

// Explains, on the load's event, the older store a load read: which, and which newer
// ones were already in the atomic's modification order.
void explain_stale_read(execution& ex, const sim_object& atomic, const store_history& history,
                        std::size_t newer, value_printer print) {
  const store_record& read = history.at(history.size() - 1 - newer);
  const store_record& newest = history.at(history.size() - 1);
  std::string text = "read " + store_text(read, print) + " while " + store_text(newest, print);
  if (newer > 1) text += " and " + std::to_string(newer - 1) + " more";
  text += (newer > 1 ? " were" : " was") + std::string(" already in ") + object_label(atomic.kind(), atomic.id()) +
          "'s modification order";
  ex.explain_last_event(std::move(text), read.event);
}

}  // namespace

void atomic_core::load(void* value, std::size_t size, std::memory_order order, std::source_location where,
                       value_printer print) const {
  execution* ex = tracking_execution(order);
  if (ex == nullptr) return;
  atomic_memory& memory = ex->atomics();
  const std::size_t readable = memory.readable(ex->running(), object_.id(), order, value, size, where);
  const std::uint64_t choice = readable > 1 ? ex->choose(decision::reads_from, readable, 0) : 0;
  memory.read(ex->running(), object_.id(), order, choice, value);
  if (choice > 0) explain_stale_read(*ex, object_, *memory.history(object_.id()), choice, print);
}

bool atomic_core::store(const void* current, const void* desired, std::size_t size, std::memory_order order,
                        std::source_location where) const {
  execution* ex = tracking_execution(order);
  if (ex == nullptr) return true;
  atomic_memory& memory = ex->atomics();
  const std::size_t places = memory.placements(ex->running(), object_.id(), order, current, size);
  const std::uint64_t choice = places > 1 ? ex->choose(decision::store_order, places, 0) : 0;
  return memory.write(ex->running(), object_.id(), order, choice, desired, where, ex->event_count());
}

void atomic_core::store_last(std::memory_order order, std::source_location where) const {
  execution* ex = tracking_execution(order);
  if (ex == nullptr) return;
  atomic_memory& memory = ex->atomics();
  (void)memory.placements(ex->running(), object_.id(), order, nullptr, 0);
  (void)memory.write(ex->running(), object_.id(), order, 0, nullptr, where, ex->event_count());
}

void atomic_core::modify(const void* current, const void* desired, std::size_t size, std::memory_order order,
                         std::source_location where) const {
  if (execution* ex = tracking_execution(order)) {
    ex->atomics().read_modify_write(ex->running(), object_.id(), order, current, desired, size, where,
                                    ex->event_count());
  }
}

void atomic_core::load_newest(const void* current, std::size_t size, std::memory_order order) const {
  if (execution* ex = tracking_execution(order)) {
    ex->atomics().read_newest(ex->running(), object_.id(), order, current, size);
  }
}

bool atomic_core::fails_spuriously(std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr || ex->stopping() || ex->evaluating_invariants() || !object_.live() ||
      ex->config().memory == memory_mode::sc) {
    return false;
  }
  if (ex->choose(decision::spurious_failure, 2, 0) != 1) return false;
  ex->record_injection(op::failed_spuriously, target_of(&object_), where);
  return true;
}

void thread_fence(std::memory_order order, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) return;
  // A seq_cst fence takes a place in the seq_cst order, which decides what later loads
  // may read: a scheduling point, so that every place is explored.
  if (order == std::memory_order_seq_cst) {
    ex->point(op::fence, target{}, where);
  } else {
    ex->note(op::fence, target{}, where);
  }
  if (tracking_execution(order) != nullptr) ex->atomics().fence(ex->running(), order);
}

void atomic_core::wait(const void* value, const void* old, std::size_t size, std::memory_order order,
                       std::source_location where) {
  struct bytes {
    const void* value;
    const void* old;
    std::size_t size;
  };
  const bytes subject{value, old, size};
  wait_while(
      [](const void* s) noexcept {
        const auto& b = *static_cast<const bytes*>(s);
        return std::memcmp(b.value, b.old, b.size) == 0;
      },
      &subject, value, size, order, where);
}

void atomic_core::wait(bool (*unchanged)(const void* subject) noexcept, const void* subject,
                       std::memory_order order, std::source_location where) {
  wait_while(unchanged, subject, nullptr, 0, order, where);
}

void atomic_core::wait_while(bool (*unchanged)(const void* subject) noexcept, const void* subject,
                             const void* value, std::size_t size, std::memory_order order,
                             std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, "wait", where)) return;
    if (unchanged(subject)) {
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
    if (ex->stopping()) return;
    if (!unchanged(subject)) return load_newest(value, size, order);
    if (ex->spurious_wakeups_enabled() && ex->choose(decision::spurious_wakeup, 2, 0) == 1) continue;
    ex->enqueue(waiters_);
    if (ex->sleep(op::atomic_wait, target_of(&object_), where) == wake_reason::torn_down) return;
  }
}

bool atomic_core::holds_newest(const void* value, std::size_t size) const noexcept {
  execution* ex = execution::current();
  if (ex == nullptr || !object_.live()) return true;
  const store_history* history = ex->atomics().history(object_.id());
  if (history == nullptr || history->empty()) return true;
  const std::vector<unsigned char>& newest = history->at(history->size() - 1).value;
  return newest.size() == size && std::memcmp(newest.data(), value, size) == 0;
}

void atomic_core::notify_one(std::source_location where) {
  notify(object_, waiters_, op::atomic_notify, where, false);
}

void atomic_core::notify_all(std::source_location where) {
  notify(object_, waiters_, op::atomic_notify, where, true);
}

}  // namespace weft::inline sim_v1::detail

// weft::stop_callback in the simulated build: its callback's run, as the simulator sees it.
#include <weft/detail/sim/stop_callback.hpp>

#include "execution/execution.hpp"
#include "sync/destruction.hpp"
#include "sync/notify.hpp"
#include "sync/object_entry.hpp"
#include "sync/ordering.hpp"

namespace weft::inline sim_v1::detail {

stop_callback_core::~stop_callback_core() {
  drop_waiters_of_destroyed(object_, {&waiters_});
}

bool stop_callback_core::refresh(std::source_location where) noexcept {
  switch (enter(object_, where)) {
    case sim_object::touch::first:
      runner_ = no_thread;
      waiters_ = wait_queue{};
      return true;
    case sim_object::touch::known: return true;
    case sim_object::touch::broken: return false;
  }
  return false;
}

void stop_callback_core::before_registering(const std::stop_token& token, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) return;
  if (!refresh(where)) {
    ex->abort_if_stopping();
    return;
  }
  ex->point(op::register_callback, target_of(&object_), where);
  ex->hold_stop_token(token, ex->running());
}

void stop_callback_core::started() noexcept {
  execution* ex = execution::current();
  if (ex == nullptr || !refresh(object_.declared())) return;
  runner_ = ex->running();
  // The registration synchronizes with the callback's invocation ([stopcallback.cons]):
  // a callback run by the thread that requests the stop sees what the registering
  // thread did before registering it.
  take_from(object_);
}

void stop_callback_core::finished() noexcept {
  runner_ = no_thread;
  execution* ex = execution::current();
  if (ex == nullptr || !object_.live()) return;
  give_to(object_);
  wake(waiters_, true);
}

void stop_callback_core::before_deregistering() noexcept {
  execution* ex = execution::current();
  if (ex == nullptr) return;
  const std::source_location where = object_.declared();
  if (!refresh(where)) return;
  ex->point(op::deregister_callback, target_of(&object_), where, false);
  while (runner_ != no_thread && runner_ != ex->running() && !ex->stopping()) {
    ex->enqueue(waiters_);
    if (ex->sleep(op::wait, target_of(&object_), where, runner_, false) == wake_reason::torn_down) return;
  }
}

}  // namespace weft::inline sim_v1::detail

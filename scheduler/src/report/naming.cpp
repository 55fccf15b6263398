#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

std::string_view op_name(op what) noexcept {
  switch (what) {
    case op::start: return "start";
    case op::spawn: return "spawn";
    case op::join: return "join";
    case op::detach: return "detach";
    case op::yield: return "yield";
    case op::finish: return "finish";
    case op::blocked: return "blocked on";
    case op::woken: return "woken on";
    case op::timed_out: return "timed out on";
    case op::sleep: return "sleep";
    case op::lock: return "lock";
    case op::try_lock: return "try_lock";
    case op::unlock: return "unlock";
    case op::lock_shared: return "lock_shared";
    case op::try_lock_shared: return "try_lock_shared";
    case op::unlock_shared: return "unlock_shared";
    case op::wait: return "wait";
    case op::notify_one: return "notify_one";
    case op::notify_all: return "notify_all";
    case op::load: return "load";
    case op::store: return "store";
    case op::exchange: return "exchange";
    case op::compare_exchange: return "compare_exchange";
    case op::fetch_modify: return "fetch_modify";
    case op::atomic_wait: return "wait";
    case op::atomic_notify: return "notify";
    case op::send: return "send";
    case op::recv: return "recv";
    case op::close: return "close";
    case op::send_on_full: return "send on full";
    case op::recv_on_empty: return "recv on empty";
    case op::acquire: return "acquire";
    case op::release: return "release";
    case op::count_down: return "count_down";
    case op::arrive: return "arrive";
    case op::arrive_and_wait: return "arrive_and_wait";
    case op::cancel_injected: return "cancellation injected into";
    case op::buggify_fired: return "buggify fired";
    case op::timeout_fired_early: return "timeout fired early on";
    case op::assertion: return "assertion failed";
    case op::set_value: return "set";
    case op::get: return "get";
    case op::call_once: return "call_once";
    case op::register_callback: return "register";
    case op::deregister_callback: return "deregister";
    case op::request_stop: return "request_stop";
    case op::fence: return "fence";
    case op::abandon: return "abandon";
    case op::woken_spuriously: return "woken spuriously on";
    case op::wait_deferred: return "wait on deferred";
    case op::destroy: return "destroy";
    case op::failed_spuriously: return "compare_exchange_weak failed spuriously on";
    case op::set_at_thread_exit: return "set at thread exit";
  }
  return "?";
}

std::string_view kind_name(object_kind kind) noexcept {
  switch (kind) {
    case object_kind::none: return "";
    case object_kind::thread: return "thread";
    case object_kind::mutex: return "mutex";
    case object_kind::recursive_mutex: return "recursive_mutex";
    case object_kind::timed_mutex: return "timed_mutex";
    case object_kind::recursive_timed_mutex: return "recursive_timed_mutex";
    case object_kind::channel: return "channel";
    case object_kind::semaphore: return "semaphore";
    case object_kind::latch: return "latch";
    case object_kind::barrier: return "barrier";
    case object_kind::stop_source: return "stop_source";
    case object_kind::shared_mutex: return "shared_mutex";
    case object_kind::condition_variable: return "condition_variable";
    case object_kind::atomic: return "atomic";
    case object_kind::future: return "future";
    case object_kind::once_flag: return "once_flag";
    case object_kind::shared_cell: return "shared";
    case object_kind::stop_callback: return "stop_callback";
  }
  return "?";
}

std::string operation_text(std::string_view operation, std::string_view object) {
  if (!object.empty()) return std::string(operation) + " " + std::string(object);
  for (op wait : {op::blocked, op::woken, op::timed_out, op::timeout_fired_early, op::woken_spuriously,
                  op::failed_spuriously}) {
    const std::string_view name = op_name(wait);
    if (operation == name) return std::string(name.substr(0, name.rfind(' ')));
  }
  return std::string(operation);
}

bool is_injection(std::string_view operation) noexcept {
  return operation == op_name(op::cancel_injected) || operation == op_name(op::buggify_fired) ||
         operation == op_name(op::timeout_fired_early) || operation == op_name(op::woken_spuriously) ||
         operation == op_name(op::failed_spuriously);
}

std::string object_label(object_kind kind, std::uint32_t id) {
  if (kind == object_kind::none) return {};
  if (kind == object_kind::thread) return thread_label(id);
  std::string label(kind_name(kind));
  label += '#';
  label += std::to_string(id);
  return label;
}

std::string place_label(const std::source_location& where) {
  if (where.line() == 0) return "an unknown line";
  std::string text = where.file_name();
  text += ':';
  text += std::to_string(where.line());
  return text;
}

std::string thread_label(std::uint64_t thread) {
  std::string label = "t";
  label += std::to_string(thread);
  return label;
}

}  // namespace weft::detail

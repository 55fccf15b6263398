// weft::task_group: structured concurrency. A scope's child tasks end before it does.
//
//   weft::task_group group;
//   group.spawn(fetch(a));
//   group.spawn(fetch(b));
//   co_await group.wait();   // both ended; the first exception of a child rethrown here
//
// When a child ends with an exception, the group asks every other child to stop at once
// (their waits that honour stop tokens end), and wait() rethrows that first exception
// once all have ended. A stop request on the task awaiting wait() is passed on to every
// child. A group destroyed before wait() asks its children to stop and lets them run on
// detached: an exception one of them ended or ends with is then reported as from a
// dropped join handle, and under the simulator a child still pending when the body
// returns is a leaked_task.
#pragma once

#include <cstdio>
#include <exception>
#include <memory>
#include <source_location>
#include <stop_token>
#include <type_traits>
#include <utility>
#include <vector>

#include <weft/detail/call_site.hpp>
#include <weft/async/detail/blocking_await.hpp>
#include <weft/async/detail/cross_task_lock.hpp>
#include <weft/async/spawn.hpp>
#include <weft/async/task.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// What a group and its children's wrappers share.
class group_state {
 public:
  void add(std::stop_source child) {
    const auto held = lock_.hold();
    if (stopping_) child.request_stop();
    children_.push_back(std::move(child));
  }
  // A child ended with `error`: keeps the first and asks every child to stop. False
  // once the group is gone: the error must then escape the child (and be reported).
  bool record(std::exception_ptr error) {
    const auto held = lock_.hold();
    if (abandoned_) return false;
    if (!first_error_) first_error_ = std::move(error);
    stop_all();
    return true;
  }
  void request_stop() {
    const auto held = lock_.hold();
    stop_all();
  }
  // The group is gone: asks every child to stop, and returns the first error a child
  // already ended with (nobody else will see it).
  std::exception_ptr abandon() {
    const auto held = lock_.hold();
    abandoned_ = true;
    stop_all();
    return first_error_;
  }
  std::exception_ptr first_error() {
    const auto held = lock_.hold();
    return first_error_;
  }

 private:
  void stop_all() {
    stopping_ = true;
    for (auto& child : children_) child.request_stop();
  }

  cross_task_lock lock_;
  std::vector<std::stop_source> children_;
  std::exception_ptr first_error_;
  bool stopping_ = false;
  bool abandoned_ = false;
};

// A child's error that a group destroyed without wait() would drop: reported as a
// dropped join handle's is (a failure of the execution; on the pass-through build, the
// end of the process).
inline void lost_group_error(std::exception_ptr error, std::source_location group) noexcept {
#if WEFT_SIM
  lost_task_error(std::move(error), no_thread, group);
#else
  (void)error;
  std::fprintf(stderr, "weft: a child of the task_group created at %s:%u ended with an exception, and the group was "
               "destroyed without wait()\n", group.file_name(), static_cast<unsigned>(group.line()));
  std::terminate();
#endif
}

// A child as the group runs it: its exception goes to the group instead of its handle.
template <class T>
weft::task<void> group_child(weft::task<T> child, std::shared_ptr<group_state> group) {
  try {
    co_await std::move(child);
  } catch (...) {
    if (execution_unwinding() || !group->record(std::current_exception())) throw;
  }
}

}  // namespace detail

class task_group {
 public:
  task_group(detail::call_site where = {}) noexcept
      : created_at_(where) {}
  task_group(const task_group&) = delete;
  task_group& operator=(const task_group&) = delete;
  ~task_group() {
    if (children_.empty()) return;
    if (std::exception_ptr lost = state_->abandon()) detail::lost_group_error(lost, created_at_);
    children_.clear();  // detached: they were asked to stop
  }

  // Starts `child` as a task of the group (see weft::spawn).
  template <class T>
  void spawn(task<T> child, std::source_location where = std::source_location::current()) {
    const auto held = children_lock_.hold();
    children_.push_back(weft::spawn(detail::group_child(std::move(child), state_), where));
    state_->add(children_.back().get_stop_source());
  }
  // Starts the task `make()` returns, keeping `make` alive while it runs.
  template <class F>
    requires detail::is_task<std::invoke_result_t<std::decay_t<F>&>>::value
  void spawn(F&& make, detail::call_site where = {}) {
    spawn(detail::keep_alive(std::decay_t<F>(std::forward<F>(make))), where);
  }

  // Asks every child to stop.
  void request_stop() { state_->request_stop(); }

  // co_await group.wait(): waits for every child, and for the children they spawn into
  // the group meanwhile, then rethrows the first exception one ended with. The group can
  // take new children afterwards. Children may spawn into the group; only the task that
  // owns the group waits on it.
  auto wait() {
    return detail::blocking_await([this](const detail::await_site& site) {
      const std::shared_ptr<detail::group_state> state = state_;
      {
        std::stop_callback pass_on(site.stop(), [state] { state->request_stop(); });
        for (;;) {
          std::vector<join_handle<void>> children;
          {
            const auto held = children_lock_.hold();
            children = std::exchange(children_, {});
          }
          if (children.empty()) break;
          for (auto& child : children) {
            child.bind(site);
            child.await_resume();
          }
        }
      }
      state_ = std::make_shared<detail::group_state>();
      if (std::exception_ptr error = state->first_error()) std::rethrow_exception(error);
    });
  }

 private:
  std::shared_ptr<detail::group_state> state_ = std::make_shared<detail::group_state>();
  detail::cross_task_lock children_lock_;  // children may spawn into the group
  std::vector<join_handle<void>> children_;
  std::source_location created_at_;
};

WEFT_END_NAMESPACE

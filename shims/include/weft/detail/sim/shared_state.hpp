// The shared state behind weft::future, shared_future, promise, packaged_task and async
// in the simulated build: the result (a value or an exception) and its simulated core.
#pragma once

#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <source_location>
#include <type_traits>
#include <utility>

#include <weft/detail/sim/chrono.hpp>
#include <weft/detail/sim/future_core.hpp>
#include <weft/detail/sim/thread_core.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// How a result of type R is kept: a value, a pointer for a reference, a flag for void.
template <class R>
struct result_slot {
  using type = R;
};
template <class R>
struct result_slot<R&> {
  using type = R*;
};
template <>
struct result_slot<void> {
  using type = bool;
};

template <class R>
class shared_state {
 public:
  explicit shared_state(std::source_location declared) noexcept : core_(declared) {}
  virtual ~shared_state() = default;
  shared_state(const shared_state&) = delete;
  shared_state& operator=(const shared_state&) = delete;

  using slot = typename result_slot<R>::type;

  // Stores the result (a scheduling point first). Throws std::future_error
  // (promise_already_satisfied) if one was stored already.
  void set_value(slot result, std::source_location where) {
    keep(std::move(result), where, op::set_value);
    core_.make_ready();
  }
  // A null `error` is a misuse (a precondition of std::promise::set_exception).
  void set_exception(std::exception_ptr error, std::source_location where) {
    if (error == nullptr) {
      misuse("set_exception with a null exception_ptr (std::current_exception() outside a catch?): "
             "undefined behaviour, and get() would have no exception to throw",
             where);
      return;
    }
    keep_error(std::move(error), where, op::set_value);
    core_.make_ready();
  }
  // set_value without making the result ready, which the caller has done at its thread's
  // end (ready_at_thread_exit below). Throws promise_already_satisfied as set_value does.
  void store_for_thread_exit(slot result, std::source_location where) {
    keep(std::move(result), where, op::set_at_thread_exit);
  }
  // The same for an exception; `error` must not be null.
  void store_exception_for_thread_exit(std::exception_ptr error, std::source_location where) {
    keep_error(std::move(error), where, op::set_at_thread_exit);
  }
  // Makes the stored result ready, from the storing thread's exit (future_core's).
  void make_ready_at_thread_exit(std::source_location where) noexcept { core_.make_ready_at_thread_exit(where); }
  // A promise destroyed before storing anything: its futures get broken_promise. No
  // scheduling point (destructors must not switch).
  void abandon() noexcept {
    if (satisfied_) return;
    satisfied_ = true;
    error_ = std::make_exception_ptr(std::future_error(std::future_errc::broken_promise));
    core_.abandon();
  }
  bool satisfied() const noexcept { return satisfied_; }

  // Blocks until the result is there (running a deferred function first). `what` names
  // the operation in reports: op::get for get(), op::wait for wait().
  void wait(op what, std::source_location where) {
    if (run_deferred(where)) return;
    core_.wait(no_deadline, what, where);
  }
  std::future_status wait_until(virtual_time deadline, std::source_location where) {
    if (deferred()) {
      core_.poll_deferred(where);
      return std::future_status::deferred;
    }
    return core_.wait(deadline, op::wait, where) ? std::future_status::ready : std::future_status::timeout;
  }
  // The result, once there: rethrows a stored exception. Valid after wait() only.
  slot& result() {
    if (error_) std::rethrow_exception(error_);
    return *value_;
  }

 protected:
  // async(launch::deferred) runs its function in the first thread that waits.
  virtual bool deferred() const noexcept { return false; }
  virtual bool run_deferred(std::source_location) { return false; }

 private:
  // The scheduling point `what` (future_core::before_set), then the result kept. Throws
  // promise_already_satisfied if one was kept already.
  void keep(slot result, std::source_location where, op what) {
    core_.before_set(where, what);
    claim();
    value_.emplace(std::move(result));
  }
  void keep_error(std::exception_ptr error, std::source_location where, op what) {
    core_.before_set(where, what);
    claim();
    error_ = std::move(error);
  }
  void claim() {
    if (satisfied_) throw std::future_error(std::future_errc::promise_already_satisfied);
    satisfied_ = true;
  }

  future_core core_;
  bool satisfied_ = false;
  std::optional<slot> value_;
  std::exception_ptr error_;
};

// What calling a function returned (`result`) or threw (`error`).
template <class R>
struct call_outcome {
  std::optional<typename shared_state<R>::slot> result;
  std::exception_ptr error;
};

// Calls `f(args...)`. weft's own unwinding of a torn-down execution passes through.
template <class R, class F, class... Args>
call_outcome<R> outcome_of(F& f, Args&&... args) {
  call_outcome<R> outcome;
  try {
    if constexpr (std::is_void_v<R>) {
      std::invoke(f, std::forward<Args>(args)...);
      outcome.result.emplace(true);
    } else if constexpr (std::is_reference_v<R>) {
      outcome.result.emplace(std::addressof(std::invoke(f, std::forward<Args>(args)...)));
    } else {
      outcome.result.emplace(std::invoke(f, std::forward<Args>(args)...));
    }
  } catch (...) {
    if (stopping()) throw;
    outcome.error = std::current_exception();
  }
  return outcome;
}

// Stores `outcome` into `state`: ready now, or at the running thread's end.
template <class R>
void store_outcome(shared_state<R>& state, call_outcome<R>&& outcome, std::source_location where,
                   bool at_thread_exit) {
  if (outcome.result && at_thread_exit) {
    state.store_for_thread_exit(std::move(*outcome.result), where);
  } else if (outcome.result) {
    state.set_value(std::move(*outcome.result), where);
  } else if (at_thread_exit) {
    state.store_exception_for_thread_exit(std::move(outcome.error), where);
  } else {
    state.set_exception(std::move(outcome.error), where);
  }
}

// Stores what calling `f(args...)` returns or throws into `state`.
template <class R, class F, class... Args>
void store_result_of(shared_state<R>& state, std::source_location where, F& f, Args&&... args) {
  store_outcome(state, outcome_of<R>(f, std::forward<Args>(args)...), where, false);
}

// Makes `state`'s result ready when the running thread ends, after its thread_specific
// values are gone (std's set_value_at_thread_exit and make_ready_at_thread_exit), keeping
// the state alive until then. Made before the result is stored, so that what it may throw
// (weft::usage_error naming `caller` outside an exploration, std::bad_alloc) leaves the
// state as it was; arm() once the result is stored. A hook never armed (the store threw)
// makes nothing ready.
template <class R>
class ready_at_thread_exit {
 public:
  ready_at_thread_exit(std::shared_ptr<shared_state<R>> state, std::source_location where, const char* caller) {
    auto made = std::make_unique<pending>(pending{std::move(state), where, false});
    after_thread_exit(&run, made.get(), caller);
    pending_ = made.release();  // the hook owns it now
  }
  ready_at_thread_exit(const ready_at_thread_exit&) = delete;
  ready_at_thread_exit& operator=(const ready_at_thread_exit&) = delete;

  void arm() noexcept { pending_->armed = true; }

 private:
  struct pending {
    std::shared_ptr<shared_state<R>> state;
    std::source_location where;
    bool armed;
  };
  static void run(void* object, thread_index) noexcept {
    const std::unique_ptr<pending> p(static_cast<pending*>(object));
    if (p->armed) p->state->make_ready_at_thread_exit(p->where);
  }

  pending* pending_;
};

}  // namespace detail
WEFT_END_NAMESPACE

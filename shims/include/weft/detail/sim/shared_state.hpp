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
    core_.before_set(where);
    claim();
    value_.emplace(std::move(result));
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
    core_.before_set(where);
    claim();
    error_ = std::move(error);
    core_.make_ready();
  }
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
  void claim() {
    if (satisfied_) throw std::future_error(std::future_errc::promise_already_satisfied);
    satisfied_ = true;
  }

  future_core core_;
  bool satisfied_ = false;
  std::optional<slot> value_;
  std::exception_ptr error_;
};

// Stores what calling `f(args...)` returns or throws into `state`. weft's own unwinding
// of a torn-down execution passes through.
template <class R, class F, class... Args>
void store_result_of(shared_state<R>& state, std::source_location where, F& f, Args&&... args) {
  std::optional<typename shared_state<R>::slot> result;
  std::exception_ptr error;
  try {
    if constexpr (std::is_void_v<R>) {
      std::invoke(f, std::forward<Args>(args)...);
      result.emplace(true);
    } else if constexpr (std::is_reference_v<R>) {
      result.emplace(std::addressof(std::invoke(f, std::forward<Args>(args)...)));
    } else {
      result.emplace(std::invoke(f, std::forward<Args>(args)...));
    }
  } catch (...) {
    if (stopping()) throw;
    error = std::current_exception();
  }
  if (result) {
    state.set_value(std::move(*result), where);
  } else {
    state.set_exception(std::move(error), where);
  }
}

}  // namespace detail
WEFT_END_NAMESPACE

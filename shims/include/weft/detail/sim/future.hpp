// weft::future, shared_future and promise in the simulated build: std's interfaces, with
// every get and wait a scheduling point and a blocked get reported in deadlocks.
#pragma once

#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <source_location>
#include <type_traits>
#include <utility>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/chrono.hpp>
#include <weft/detail/sim/shared_state.hpp>

WEFT_BEGIN_NAMESPACE

using std::future_errc;
using std::future_error;
using std::future_status;
using std::launch;

template <class R>
class shared_future;

namespace detail {

template <class R>
using state_ptr = std::shared_ptr<shared_state<R>>;

inline void require_state(bool valid) {
  if (!valid) throw std::future_error(std::future_errc::no_state);
}

// async's launch policy, and the line of the async call that passes it: converted from a
// std::launch there, it takes the caller's line as a defaulted argument would (the
// parameter pack after the function leaves no room for one).
struct launch_here {
  launch_here(std::launch policy, call_site where = {}) noexcept
      : policy(policy), where(where) {}
  std::launch policy;
  std::source_location where;
};

// What future and shared_future share: waiting on a state.
template <class R>
class future_base {
 public:
  bool valid() const noexcept { return state_ != nullptr; }
  void wait(std::source_location where = std::source_location::current()) const {
    require_state(valid());
    state_->wait(op::wait, where);
  }
  template <class Rep, class Period>
  std::future_status wait_for(const std::chrono::duration<Rep, Period>& d,
                              std::source_location where = std::source_location::current()) const {
    require_state(valid());
    return state_->wait_until(deadline_after(d), where);
  }
  template <class Clock, class Duration>
  std::future_status wait_until(const std::chrono::time_point<Clock, Duration>& t,
                                std::source_location where = std::source_location::current()) const {
    require_state(valid());
    return state_->wait_until(deadline_at(t), where);
  }

 protected:
  future_base() noexcept = default;
  explicit future_base(state_ptr<R> state) noexcept : state_(std::move(state)) {}
  // Waits, then gives the stored result (rethrowing a stored exception).
  typename shared_state<R>::slot& settled(std::source_location where) const {
    require_state(valid());
    state_->wait(op::get, where);
    return state_->result();
  }

  state_ptr<R> state_;
};

}  // namespace detail

template <class R>
class future : public detail::future_base<R> {
 public:
  future() noexcept = default;
  future(future&&) noexcept = default;
  future& operator=(future&&) noexcept = default;
  future(const future&) = delete;
  future& operator=(const future&) = delete;

  // Waits for the result and takes it; the future is no longer valid afterwards.
  R get(std::source_location where = std::source_location::current()) {
    detail::require_state(this->valid());
    const detail::state_ptr<R> state = std::move(this->state_);  // invalid from here on, as in std
    state->wait(detail::op::get, where);
    auto& result = state->result();
    if constexpr (std::is_void_v<R>) {
      (void)result;
    } else if constexpr (std::is_reference_v<R>) {
      return *result;
    } else {
      return std::move(result);
    }
  }
  shared_future<R> share() noexcept { return shared_future<R>(std::move(*this)); }

 private:
  template <class>
  friend class promise;
  template <class>
  friend class shared_future;
  template <class>
  friend class packaged_task;
  template <class F, class... Args>
  friend auto async(detail::launch_here policy, F&& f, Args&&... args);

  explicit future(detail::state_ptr<R> state) noexcept : detail::future_base<R>(std::move(state)) {}
};

template <class R>
class shared_future : public detail::future_base<R> {
 public:
  shared_future() noexcept = default;
  shared_future(const shared_future&) = default;
  shared_future(shared_future&&) noexcept = default;
  shared_future& operator=(const shared_future&) = default;
  shared_future& operator=(shared_future&&) noexcept = default;
  shared_future(future<R>&& f) noexcept : detail::future_base<R>(std::move(f.state_)) {}

  // Waits for the result; every copy reads the same one.
  decltype(auto) get(std::source_location where = std::source_location::current()) const {
    auto& result = this->settled(where);
    if constexpr (std::is_void_v<R>) {
      (void)result;
    } else if constexpr (std::is_reference_v<R>) {
      return static_cast<R>(*result);
    } else {
      return static_cast<const R&>(result);
    }
  }
};

template <class R>
class promise {
  struct no_value {};
  static constexpr bool stores_value = !std::is_void_v<R> && !std::is_reference_v<R>;
  using value_type = std::conditional_t<stores_value, R, no_value>;
  using reference_type = std::conditional_t<std::is_reference_v<R>, R, no_value&>;

 public:
  promise(detail::call_site declared = {})
      : state_(std::make_shared<detail::shared_state<R>>(declared)) {}
  promise(promise&&) noexcept = default;
  promise& operator=(promise&& other) noexcept {
    promise(std::move(other)).swap(*this);
    return *this;
  }
  promise(const promise&) = delete;
  promise& operator=(const promise&) = delete;
  // Its futures get std::future_error(broken_promise) if nothing was stored.
  ~promise() {
    if (state_) state_->abandon();
  }

  void swap(promise& other) noexcept {
    std::swap(state_, other.state_);
    std::swap(retrieved_, other.retrieved_);
  }
  // Once per promise (then future_already_retrieved).
  future<R> get_future() {
    detail::require_state(state_ != nullptr);
    if (retrieved_) throw std::future_error(std::future_errc::future_already_retrieved);
    retrieved_ = true;
    return future<R>(state_);
  }

  void set_value(const value_type& value, std::source_location where = std::source_location::current())
    requires(stores_value)
  {
    store(value, where);
  }
  void set_value(value_type&& value, std::source_location where = std::source_location::current())
    requires(stores_value)
  {
    store(std::move(value), where);
  }
  void set_value(reference_type value, std::source_location where = std::source_location::current())
    requires(std::is_reference_v<R>)
  {
    store(std::addressof(value), where);
  }
  void set_value(std::source_location where = std::source_location::current())
    requires(std::is_void_v<R>)
  {
    store(true, where);
  }
  void set_exception(std::exception_ptr error, std::source_location where = std::source_location::current()) {
    detail::require_state(state_ != nullptr);
    state_->set_exception(std::move(error), where);
  }

  // The same, stored now (a second set throws promise_already_satisfied) and ready when
  // the calling thread ends, after its thread_specific values are destroyed: what the
  // thread did until then happens before what the future's get() returns. Outside an
  // exploration throws weft::usage_error.
  void set_value_at_thread_exit(const value_type& value,
                                std::source_location where = std::source_location::current())
    requires(stores_value)
  {
    store_at_thread_exit(value, where);
  }
  void set_value_at_thread_exit(value_type&& value, std::source_location where = std::source_location::current())
    requires(stores_value)
  {
    store_at_thread_exit(std::move(value), where);
  }
  void set_value_at_thread_exit(reference_type value, std::source_location where = std::source_location::current())
    requires(std::is_reference_v<R>)
  {
    store_at_thread_exit(std::addressof(value), where);
  }
  void set_value_at_thread_exit(std::source_location where = std::source_location::current())
    requires(std::is_void_v<R>)
  {
    store_at_thread_exit(true, where);
  }
  void set_exception_at_thread_exit(std::exception_ptr error,
                                    std::source_location where = std::source_location::current()) {
    detail::require_state(state_ != nullptr);
    if (error == nullptr) return state_->set_exception(nullptr, where);  // the misuse report
    detail::ready_at_thread_exit<R> at_exit(state_, where, "weft::promise::set_exception_at_thread_exit");
    state_->store_exception_for_thread_exit(std::move(error), where);
    at_exit.arm();
  }

 private:
  void store(typename detail::shared_state<R>::slot result, std::source_location where) {
    detail::require_state(state_ != nullptr);
    state_->set_value(std::move(result), where);
  }
  void store_at_thread_exit(typename detail::shared_state<R>::slot result, std::source_location where) {
    detail::require_state(state_ != nullptr);
    detail::ready_at_thread_exit<R> at_exit(state_, where, "weft::promise::set_value_at_thread_exit");
    state_->store_for_thread_exit(std::move(result), where);
    at_exit.arm();
  }

  detail::state_ptr<R> state_;
  bool retrieved_ = false;
};

template <class R>
void swap(promise<R>& a, promise<R>& b) noexcept {
  a.swap(b);
}

WEFT_END_NAMESPACE

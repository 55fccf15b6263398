// weft::packaged_task and weft::async in the simulated build.
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <source_location>
#include <type_traits>
#include <utility>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/future.hpp>
#include <weft/detail/sim/thread.hpp>

WEFT_BEGIN_NAMESPACE

template <class Signature>
class packaged_task;

template <class R, class... Args>
class packaged_task<R(Args...)> {
 public:
  packaged_task() noexcept = default;
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, packaged_task> && std::is_invocable_r_v<R, std::decay_t<F>&, Args...>)
  explicit packaged_task(F&& f, detail::call_site declared = {})
      : call_(std::make_unique<holder<std::decay_t<F>>>(std::forward<F>(f))),
        state_(std::make_shared<detail::shared_state<R>>(declared)),
        declared_(declared) {}
  packaged_task(packaged_task&&) noexcept = default;
  packaged_task& operator=(packaged_task&& other) noexcept {
    packaged_task(std::move(other)).swap(*this);
    return *this;
  }
  packaged_task(const packaged_task&) = delete;
  packaged_task& operator=(const packaged_task&) = delete;
  // Its future gets std::future_error(broken_promise) if the task never ran.
  ~packaged_task() {
    if (state_) state_->abandon();
  }

  bool valid() const noexcept { return state_ != nullptr; }
  void swap(packaged_task& other) noexcept {
    std::swap(call_, other.call_);
    std::swap(state_, other.state_);
    std::swap(retrieved_, other.retrieved_);
    std::swap(declared_, other.declared_);
  }
  future<R> get_future() {
    detail::require_state(valid());
    if (retrieved_) throw std::future_error(std::future_errc::future_already_retrieved);
    retrieved_ = true;
    return future<R>(state_);
  }
  // Runs the function and stores what it returns or throws; a second call throws
  // std::future_error(promise_already_satisfied). The result is stored at the task's
  // line (a parameter pack leaves no room for the caller's).
  void operator()(Args... args) {
    detail::require_state(valid());
    if (state_->satisfied()) throw std::future_error(std::future_errc::promise_already_satisfied);
    detail::store_result_of(*state_, declared_, *call_, std::forward<Args>(args)...);
  }
  // The same, with the result ready when the calling thread ends, after its
  // thread_specific values are destroyed. Outside an exploration throws
  // weft::usage_error.
  void make_ready_at_thread_exit(Args... args) {
    detail::require_state(valid());
    if (state_->satisfied()) throw std::future_error(std::future_errc::promise_already_satisfied);
    detail::ready_at_thread_exit<R> at_exit(state_, declared_, "weft::packaged_task::make_ready_at_thread_exit");
    detail::store_outcome(*state_, detail::outcome_of<R>(*call_, std::forward<Args>(args)...), declared_, true);
    at_exit.arm();
  }
  // A fresh state for the same function (the old one's future gets broken_promise).
  void reset() {
    detail::require_state(valid());
    packaged_task fresh;
    fresh.call_ = std::move(call_);
    fresh.state_ = std::make_shared<detail::shared_state<R>>(declared_);
    fresh.declared_ = declared_;
    swap(fresh);
  }

 private:
  struct callable {
    virtual ~callable() = default;
    virtual R operator()(Args... args) = 0;
  };
  template <class F>
  struct holder final : callable {
    explicit holder(F f) : f(std::move(f)) {}
    R operator()(Args... args) override { return std::invoke(f, std::forward<Args>(args)...); }
    F f;
  };

  std::unique_ptr<callable> call_;
  detail::state_ptr<R> state_;
  bool retrieved_ = false;
  std::source_location declared_;
};

template <class R, class... Args>
void swap(packaged_task<R(Args...)>& a, packaged_task<R(Args...)>& b) noexcept {
  a.swap(b);
}

namespace detail {

// The R(A...) of a call operator's member pointer type: the signature std's deduction
// guide gives packaged_task(F) ([futures.task.general]). No `type` for anything else, so
// that the guide drops out (a generic lambda, an overloaded operator()).
template <class>
struct call_operator_signature {};
template <class R, class G, class... A, bool N>
struct call_operator_signature<R (G::*)(A...) noexcept(N)> { using type = R(A...); };
template <class R, class G, class... A, bool N>
struct call_operator_signature<R (G::*)(A...) const noexcept(N)> { using type = R(A...); };
template <class R, class G, class... A, bool N>
struct call_operator_signature<R (G::*)(A...) volatile noexcept(N)> { using type = R(A...); };
template <class R, class G, class... A, bool N>
struct call_operator_signature<R (G::*)(A...) const volatile noexcept(N)> { using type = R(A...); };
template <class R, class G, class... A, bool N>
struct call_operator_signature<R (G::*)(A...) & noexcept(N)> { using type = R(A...); };
template <class R, class G, class... A, bool N>
struct call_operator_signature<R (G::*)(A...) const & noexcept(N)> { using type = R(A...); };
template <class R, class G, class... A, bool N>
struct call_operator_signature<R (G::*)(A...) volatile & noexcept(N)> { using type = R(A...); };
template <class R, class G, class... A, bool N>
struct call_operator_signature<R (G::*)(A...) const volatile & noexcept(N)> { using type = R(A...); };

}  // namespace detail

// std's deduction guides: `packaged_task task(f)` for a function (pointer) or a callable
// object with one non-template call operator. The constructor's own source_location
// parameter leaves its implicit guide unable to deduce the signature.
template <class R, class... Args>
packaged_task(R (*)(Args...)) -> packaged_task<R(Args...)>;
template <class F>
packaged_task(F) -> packaged_task<typename detail::call_operator_signature<decltype(&F::operator())>::type>;

namespace detail {

// async(launch::async): the function runs on its own simulated thread, which the last
// future of the state joins (as std::async's futures do). Reports name the async call's
// line (`where`) for the state, the thread's creation, its result and the join.
template <class R, class Call>
class async_state final : public shared_state<R> {
 public:
  async_state(Call call, std::source_location where)
      : shared_state<R>(where), call_(std::move(call)),
        runner_(jthread_body_here<>([this, where] { store_result_of(*this, where, call_); }, call_site(where))) {}

 private:
  Call call_;
  jthread runner_;  // declared last: started once the state is complete, joined first
};

// async(launch::deferred): the function runs in the first thread that waits for it.
template <class R, class Call>
class deferred_state final : public shared_state<R> {
 public:
  deferred_state(Call call, std::source_location where) : shared_state<R>(where), call_(std::move(call)) {}

 private:
  bool deferred() const noexcept override { return !taken_; }
  bool run_deferred(std::source_location where) override {
    if (taken_) return false;  // another thread runs it: wait for its result
    taken_ = true;
    store_result_of(*this, where, call_);
    return true;
  }

  Call call_;
  bool taken_ = false;
};

// A first argument that async takes for its policy, not for the function.
template <class T>
concept launch_policy = std::is_same_v<std::decay_t<T>, std::launch> || std::is_same_v<std::decay_t<T>, launch_here>;

}  // namespace detail

// As std::async. With both policies (the default) the function runs on a new simulated
// thread, as libstdc++ does. Reports name the line of this call: a std::launch converts
// to launch_here there, which takes the line.
template <class F, class... Args>
auto async(detail::launch_here policy, F&& f, Args&&... args) {
  using R = std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>;
  auto call = [f = std::decay_t<F>(std::forward<F>(f)), ... args = std::decay_t<Args>(std::forward<Args>(args))]() mutable -> R {
    return std::invoke(std::move(f), std::move(args)...);
  };
  using call_type = decltype(call);
  if ((policy.policy & std::launch::async) == std::launch::async) {
    return future<R>(std::make_shared<detail::async_state<R, call_type>>(std::move(call), policy.where));
  }
  return future<R>(std::make_shared<detail::deferred_state<R, call_type>>(std::move(call), policy.where));
}

// The default policy, for a function without arguments: reports name this call's line.
template <class F>
  requires(!detail::launch_policy<F>)
auto async(F&& f, detail::call_site where = {}) {
  return weft::async(detail::launch_here(std::launch::async | std::launch::deferred, where),
                     std::forward<F>(f));
}

// The default policy with arguments: a parameter pack leaves no room for a defaulted
// location, so reports show no line (pass a policy, or capture the arguments in a lambda,
// to get one). Nor can f take the line as it converts, as thread's does: the future's
// type is f's result, so f's type must be deduced from f.
template <class F, class... Args>
  requires(!detail::launch_policy<F> && sizeof...(Args) > 0)
auto async(F&& f, Args&&... args) {
  const detail::call_site nowhere(std::source_location{});
  return weft::async(detail::launch_here(std::launch::async | std::launch::deferred, nowhere), std::forward<F>(f),
                     std::forward<Args>(args)...);
}

WEFT_END_NAMESPACE

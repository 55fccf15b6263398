// weft::spawn: a task of its own, and the join handle that awaits it.
#pragma once

#include <coroutine>
#include <functional>
#include <memory>
#include <source_location>
#include <stop_token>
#include <type_traits>
#include <utility>

#include <weft/detail/call_site.hpp>
#include <weft/async/task.hpp>
#if WEFT_SIM
#include <weft/async/detail/sim_runner.hpp>
#else
#include <weft/async/detail/native_runner.hpp>
#endif

WEFT_BEGIN_NAMESPACE

// Awaits a spawned task: `co_await handle` (in a task) or handle.join() (on a thread)
// returns its value or rethrows its exception, once. A stop request on the awaiting task
// is passed on to the awaited one. Dropping a handle without awaiting it detaches the
// task: it runs on, and an exception it ends with is reported (under the simulator a
// failure of the execution; on the pass-through build, as from a std::thread, the end of
// the process), never lost. Under the simulator, a task still pending when the body
// returns is a leaked_task.
template <class T>
class [[nodiscard]] join_handle {
  using runner = detail::task_runner<T>;

 public:
  join_handle() noexcept = default;
  explicit join_handle(std::shared_ptr<typename runner::state> state) noexcept
      : stop_(state->stop), state_(std::move(state)) {}
  join_handle(join_handle&&) noexcept = default;
  join_handle& operator=(join_handle&& other) noexcept {
    if (this != &other) {
      detach();
      stop_ = std::move(other.stop_);
      state_ = std::move(other.state_);
    }
    return *this;
  }
  ~join_handle() { detach(); }

  // False once awaited, joined, detached or moved from.
  bool joinable() const noexcept { return state_ != nullptr; }
  // Asks the task to stop: its waits that honour stop tokens end, reporting "stopped".
  // May be called from any thread while another awaits or joins the handle (a stop
  // callback does); once the task has ended it does nothing.
  void request_stop() const noexcept { stop_.request_stop(); }

  // The task's stop source (one without a stop state for a default-constructed handle).
  std::stop_source get_stop_source() const noexcept { return stop_; }

  // Blocks the calling thread until the task ends; returns its value or rethrows.
  T join(std::source_location where = std::source_location::current()) { return finish({{}, where}); }
  // Lets the task run on without anyone awaiting it (see the class comment).
  void detach() noexcept {
    if (state_) runner::drop(*state_);
    state_.reset();
  }

  // The awaitable side, for the awaiting task's promise.
  void bind(const detail::await_site& site) noexcept { site_ = site; }
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() { return finish(site_); }

 private:
  T finish(const detail::await_site& site) {
    if (!state_) detail::task_misuse("a join handle awaited twice, or after detach() or a move", site.where);
    // The handle stays joinable while it waits: request_stop() on it still reaches the task.
    const std::shared_ptr<typename runner::state> state = state_;
    {
      std::stop_callback pass_on(site.stop(), [this] { request_stop(); });
      runner::wait(*state, site.where);
    }
    state_.reset();
    return state->result.take();
  }

  std::stop_source stop_{std::nostopstate};  // kept while joined: request_stop() never races finish()
  std::shared_ptr<typename runner::state> state_;
  detail::await_site site_;
};

namespace detail {
// Keeps a coroutine lambda alive while the task it made runs: its captures live in the
// lambda object, which a coroutine lambda's frame only points to.
template <class F>
auto keep_alive(F f) -> std::invoke_result_t<F&> {
  co_return co_await f();
}
}  // namespace detail

// Starts `t` as a task of its own. Under the simulator: a schedulable task (as a thread,
// its scheduling points are its co_awaits), only inside weft::explore (else
// weft::usage_error). On the pass-through build: on the native executor.
template <class T>
join_handle<T> spawn(task<T> t, std::source_location where = std::source_location::current()) {
  return join_handle<T>(detail::task_runner<T>::start(std::move(t), where));
}

// Starts the task `make()` returns, keeping `make` (a coroutine lambda and its captures)
// alive until the task ends: weft::spawn([&] () -> weft::task<> { ... }).
template <class F>
  requires detail::is_task<std::invoke_result_t<std::decay_t<F>&>>::value
auto spawn(F&& make, detail::call_site where = {}) {
  return spawn(detail::keep_alive(std::decay_t<F>(std::forward<F>(make))), where);
}

WEFT_END_NAMESPACE

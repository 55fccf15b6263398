// weft::task<T>: a lazily started coroutine, and what every co_await in one knows.
//
// A task runs when it is awaited (inline, in the awaiting task: no scheduling of its
// own), spawned (weft::spawn: a task of its own) or run with weft::block_on. Every
// co_await in a task passes through its promise, which gives weft's awaitables the
// task's stop token and the co_await's line, and (under the simulator) checks that no
// weft mutex is held across it.
//
// A weft awaitable does its wait in await_resume: under the simulator that wait is a
// scheduling point of the simulated thread that runs the task; on the pass-through
// build it blocks the executor thread that runs it (weft::spawn gives each running task
// a thread of its own, so a wait never holds up another task). A task therefore waits
// only on weft's awaitables, on other weft::tasks and on awaitables that complete without
// suspending; one that suspends elsewhere is reported (a misuse under the simulator,
// std::logic_error on the pass-through build).
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <type_traits>
#include <utility>

#include <weft/config.hpp>
#if WEFT_SIM
#include <weft/detail/sim/runtime.hpp>
#include <weft/detail/sim/task_core.hpp>
#endif

WEFT_BEGIN_NAMESPACE

template <class T = void>
class task;

namespace detail {

// What a weft awaitable is told before it waits: the stop token of the task it waits
// in (a stop request ends the wait, which then reports "stopped") and the co_await's line.
struct await_site {
  const std::stop_token* stop_token = nullptr;  // the task's (its promise outlives the awaiter)
  std::source_location where;

  const std::stop_token& stop() const noexcept {
    static const std::stop_token none;
    return stop_token != nullptr ? *stop_token : none;
  }
};

// weft's awaitables take their site from the awaiting task's promise.
template <class A>
concept site_aware = requires(A& awaitable, const await_site& site) { awaitable.bind(site); };

// An awaitable that only reads the task's state (its stop token) and never waits: no
// lock-across-await check.
template <class A>
concept never_waits = A::never_waits;

// An awaiter named by an lvalue (co_await handle), passed on by reference: g++ would
// otherwise copy the awaiter a reference to it names.
template <class Awaiter>
struct awaiter_ref {
  Awaiter& awaiter;
  bool await_ready() { return awaiter.await_ready(); }
  decltype(auto) await_suspend(std::coroutine_handle<> awaiting) { return awaiter.await_suspend(awaiting); }
  decltype(auto) await_resume() { return awaiter.await_resume(); }
};

template <class A>
concept awaiter = requires(A& a) { a.await_ready(); };

template <class A>
struct is_task : std::false_type {};
template <class T>
struct is_task<weft::task<T>> : std::true_type {};

// Reports a misuse of a task (awaiting an empty one, one that suspended where weft
// cannot see it): under the simulator fails the execution (the report says "misuse");
// otherwise throws std::logic_error("weft: " + message).
[[noreturn]] inline void task_misuse(const char* message, std::source_location where) {
#if WEFT_SIM
  if (simulating()) misuse(message, where);
#else
  (void)where;
#endif
  throw std::logic_error(std::string("weft: ") + message);
}

// True while the simulator tears an execution down: an exception caught then is its
// unwinding, which must go on (never on the pass-through build).
inline bool execution_unwinding() noexcept {
#if WEFT_SIM
  return stopping();
#else
  return false;
#endif
}

class promise_base {
 public:
  std::suspend_always initial_suspend() noexcept { return {}; }

  // Hands control back to whoever awaited the task (symmetric transfer), or to the
  // runner that resumed it.
  struct final_awaiter {
    bool await_ready() noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
      const std::coroutine_handle<> next = self.promise().continuation_;
      return next ? next : std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  final_awaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { error_ = std::current_exception(); }

  // Every co_await in a task passes here; `where` is the co_await's line.
  template <class A>
  decltype(auto) await_transform(A&& awaited, std::source_location where = std::source_location::current()) {
    using plain = std::remove_cvref_t<A>;
    if constexpr (is_task<plain>::value) {
      static_assert(!std::is_lvalue_reference_v<A>, "weft: co_await std::move(a_task): a task runs once");
      awaited.require_frame(where);
      // Runs inline, as part of this task: its own co_awaits are checked as they come.
      awaited.inherit_stop(stop_);
    } else {
#if WEFT_SIM
      if constexpr (!never_waits<plain>) awaiting(where);
#endif
      if constexpr (site_aware<plain>) awaited.bind(await_site{&stop_, where});
    }
    // What is returned lives in the coroutine frame until the co_await completes: a
    // temporary awaited (co_await f()) is moved there, so its lifetime never rests on how
    // a compiler keeps the operand's temporaries across the suspension; a named awaiter
    // is referred to (awaiter_ref: g++ copies the awaiter a returned reference names).
    if constexpr (std::is_lvalue_reference_v<A>) {
      if constexpr (awaiter<plain>) {
        return awaiter_ref<std::remove_reference_t<A>>{awaited};
      } else {
        return std::forward<A>(awaited);
      }
    } else {
      return plain(std::move(awaited));
    }
  }

  std::coroutine_handle<> continuation_;
  std::stop_token stop_;
  std::exception_ptr error_;
};

template <class T>
class task_promise : public promise_base {
 public:
  weft::task<T> get_return_object() noexcept;
  template <class U>
    requires std::is_convertible_v<U&&, T>
  void return_value(U&& value) {
    value_.emplace(std::forward<U>(value));
  }
  // The task's value, or its exception rethrown. Once.
  T take() {
    if (error_) std::rethrow_exception(error_);
    return std::move(*value_);
  }

 private:
  std::optional<T> value_;
};

template <>
class task_promise<void> : public promise_base {
 public:
  weft::task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void take() {
    if (error_) std::rethrow_exception(error_);
  }
};

}  // namespace detail

// A coroutine that returns T (or throws). Lazily started; move-only; owns its frame.
template <class T>
class [[nodiscard]] task {
  static_assert(!std::is_reference_v<T>, "weft::task<T&>: return a pointer or a std::reference_wrapper");

 public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;

  task() noexcept = default;
  explicit task(std::coroutine_handle<promise_type> frame) noexcept : frame_(frame) {}
  task(task&& other) noexcept : frame_(std::exchange(other.frame_, {})) {}
  task& operator=(task&& other) noexcept {
    if (this != &other) {
      destroy();
      frame_ = std::exchange(other.frame_, {});
    }
    return *this;
  }
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task() { destroy(); }

  // False for a default-constructed or moved-from task.
  bool valid() const noexcept { return static_cast<bool>(frame_); }

  // co_await std::move(t): runs t in the awaiting task, returns its value or rethrows.
  // (A weft::task's promise checks for an empty task first, with the co_await's line.)
  bool await_ready() const {
    require_frame({});
    return false;
  }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    frame_.promise().continuation_ = awaiting;
    return frame_;
  }
  T await_resume() { return frame_.promise().take(); }

  // Reports a misuse when the task is empty (default-constructed or moved from).
  void require_frame(std::source_location where) const {
    if (!frame_) detail::task_misuse("an empty weft::task (moved from or default-constructed) was awaited or run", where);
  }

  // For the promise of the awaiting task: a task awaited inline shares its stop token.
  void inherit_stop(std::stop_token stop) noexcept { frame_.promise().stop_ = std::move(stop); }

  // Runs the task to its end on the calling thread, with `stop` as its stop token, and
  // returns its value or rethrows. For weft::spawn and weft::block_on. Requires a valid
  // task that never ran.
  T run_to_end(std::stop_token stop, std::source_location where) {
    require_frame(where);
    frame_.promise().stop_ = std::move(stop);
    frame_.resume();
    if (!frame_.done()) {
      // Suspended on an awaitable that will resume it from elsewhere: the frame is no
      // longer this task's to destroy.
      frame_ = {};
      detail::task_misuse(
          "a weft::task suspended on an awaitable that is not weft's: a task may await weft's "
          "awaitables, other weft::tasks and awaitables that complete without suspending",
          where);
    }
    return frame_.promise().take();
  }

 private:
  void destroy() noexcept {
    if (frame_) frame_.destroy();
  }

  std::coroutine_handle<promise_type> frame_;
};

template <class T>
task<T> detail::task_promise<T>::get_return_object() noexcept {
  return weft::task<T>(std::coroutine_handle<task_promise<T>>::from_promise(*this));
}

inline task<void> detail::task_promise<void>::get_return_object() noexcept {
  return weft::task<void>(std::coroutine_handle<task_promise<void>>::from_promise(*this));
}

// Runs `t` on the calling thread (a thread, not a task: the body of a test, main) until
// it ends, and returns its value or rethrows its exception. Its waits block this thread.
template <class T>
T block_on(task<T> t, std::source_location where = std::source_location::current()) {
  return t.run_to_end({}, where);
}

WEFT_END_NAMESPACE

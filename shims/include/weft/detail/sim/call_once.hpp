// weft::once_flag and weft::call_once in the simulated build.
#pragma once

#include <functional>
#include <source_location>
#include <utility>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE

class once_flag;

namespace detail {

// The state of a once_flag: not run, running (others wait), or done.
class once_core {
 public:
  explicit once_core(std::source_location declared) noexcept : object_(object_kind::once_flag, declared) {}
  ~once_core();
  once_core(const once_core&) = delete;
  once_core& operator=(const once_core&) = delete;

  // A scheduling point; then, while another thread runs the function, waits for it.
  // Returns true when the caller must run the function now (and call finish), false
  // when it ran already. Calling it again from inside the function is misuse (std would
  // deadlock). May throw execution_aborted.
  bool begin(std::source_location where);
  // After the function returned (`done`) or threw (another caller then runs it).
  void finish(bool done) noexcept;

 private:
  enum class state : unsigned char { idle, running, done };
  sim_object object_;
  state state_ = state::idle;
  thread_index runner_ = no_thread;
  bool done_outside_ = false;  // run by the code around explore(): done in every execution
  wait_queue waiters_;
};

// call_once's flag, and the line of the call that passes it: converted from a once_flag&
// there, it takes the caller's line as a defaulted argument would (the parameter pack
// after the function leaves no room for one), and call_once(flag, f, args...) keeps
// std's signature.
struct once_flag_here {
  once_flag_here(once_flag& flag, std::source_location where = std::source_location::current()) noexcept
      : flag(flag), where(where) {}
  once_flag& flag;
  std::source_location where;
};

}  // namespace detail

class once_flag {
 public:
  once_flag(detail::call_site declared = {}) noexcept : core_(declared) {}
  once_flag(const once_flag&) = delete;
  once_flag& operator=(const once_flag&) = delete;

 private:
  template <class F, class... Args>
  friend void call_once(detail::once_flag_here flag, F&& f, Args&&... args);
  detail::once_core core_;
};

// As std::call_once: runs f(args...) once per flag; callers that arrive while it runs
// wait; if it throws, the exception reaches its caller and the next caller runs it.
// Reports name the line of this call.
template <class F, class... Args>
void call_once(detail::once_flag_here flag, F&& f, Args&&... args) {
  detail::once_core& core = flag.flag.core_;
  if (!core.begin(flag.where)) return;
  try {
    std::invoke(std::forward<F>(f), std::forward<Args>(args)...);
  } catch (...) {
    core.finish(false);
    throw;
  }
  core.finish(true);
}

WEFT_END_NAMESPACE

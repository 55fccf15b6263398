// The callable a new thread runs, and the line of the code that passes it.
#pragma once

#include <memory>
#include <source_location>
#include <stop_token>
#include <type_traits>
#include <utility>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/task.hpp>
#include <weft/detail/sim/thread_core.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// Whether a thread passes its callable a std::stop_token before the arguments: a jthread
// does when the callable accepts one, a thread never does.
enum class stop_token_passing { never, when_accepted };

// thread(f, args...)'s first parameter. The arguments' pack leaves no room for a defaulted
// location after them, so the callable takes its caller's line as it converts to this
// type, the way std::format_string checks a format string: the constructor's Args,
// deduced from the arguments alone, name the type (see thread_body_here below), and its
// converting constructor deduces the callable's. It refers to the caller's callable,
// which lives until the thread's constructor returns; make() decay-copies it there.
template <stop_token_passing Passing, class... Args>
class basic_body_here {
 public:
  template <class F>
    requires(std::is_invocable_v<std::decay_t<F>, std::decay_t<Args>...> ||
             (Passing == stop_token_passing::when_accepted &&
              std::is_invocable_v<std::decay_t<F>, std::stop_token, std::decay_t<Args>...>))
  basic_body_here(F&& f, call_site where = {}) noexcept
      : callable_(callable_address(f)), make_(&make_from<F>), where_(where) {}

  // The new thread's task: std::invoke(decay-copy(f), decay-copy(args)...), with `token`
  // passed first when Passing says so and f accepts it. Once only.
  task make(std::stop_token token, Args&&... args) const {
    return make_(callable_, std::move(token), std::forward<Args>(args)...);
  }
  std::source_location where() const noexcept { return where_; }

 private:
  // A function is not an object: its address is kept as a function pointer.
  union address {
    void* object;
    void (*function)();
  };
  template <class F>
  static address callable_address(F& f) noexcept {
    if constexpr (std::is_function_v<F>) {
      return {.function = reinterpret_cast<void (*)()>(&f)};
    } else {
      return {.object = const_cast<void*>(static_cast<const volatile void*>(std::addressof(f)))};
    }
  }
  template <class F>
  static task make_from(address callable, std::stop_token token, Args&&... args) {
    using referent = std::remove_reference_t<F>;
    referent* f;
    if constexpr (std::is_function_v<referent>) {
      f = reinterpret_cast<referent*>(callable.function);
    } else {
      f = static_cast<referent*>(callable.object);
    }
    if constexpr (Passing == stop_token_passing::when_accepted &&
                  std::is_invocable_v<std::decay_t<F>, std::stop_token, std::decay_t<Args>...>) {
      return make_task(std::forward<F>(*f), std::move(token), std::forward<Args>(args)...);
    } else {
      return make_task(std::forward<F>(*f), std::forward<Args>(args)...);
    }
  }

  address callable_;
  task (*make_)(address, std::stop_token, Args&&...);
  std::source_location where_;
};

// The parameter types thread and jthread write, `thread_body_here<Args...> f, Args&&...
// args`: std::type_identity_t keeps Args from being deduced from f.
template <class... Args>
using thread_body_here = basic_body_here<stop_token_passing::never, std::type_identity_t<Args>...>;
template <class... Args>
using jthread_body_here = basic_body_here<stop_token_passing::when_accepted, std::type_identity_t<Args>...>;

}  // namespace detail
WEFT_END_NAMESPACE

// Packaging a callable and its arguments as a detail::task for a new simulated thread.
#pragma once

#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#include <weft/detail/sim/thread_core.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// Decay-copies f and args, as std::thread does, and invokes them on the new thread.
template <class F, class... Args>
task make_task(F&& f, Args&&... args) {
  using payload = std::tuple<std::decay_t<F>, std::decay_t<Args>...>;
  auto* state = new payload(std::forward<F>(f), std::forward<Args>(args)...);
  return task{
      state,
      [](void* raw) {
        std::apply([](auto& fn, auto&... a) { std::invoke(std::move(fn), std::move(a)...); },
                   *static_cast<payload*>(raw));
      },
      [](void* raw) noexcept { delete static_cast<payload*>(raw); }};
}

}  // namespace detail
WEFT_END_NAMESPACE

// Packaging a callable and its arguments as a detail::task for a new simulated thread.
#pragma once

#include <cstddef>
#include <functional>
#include <new>
#include <tuple>
#include <type_traits>
#include <utility>

#include <weft/detail/sim/thread_core.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// Decay-copies f and args, as std::thread does, and invokes them on the new thread.
template <class F, class... Args>
task make_task(F&& f, Args&&... args) {
  using callable = std::decay_t<F>;
  if constexpr (sizeof...(Args) == 0 && std::is_trivially_copyable_v<callable> &&
                sizeof(callable) <= task::in_place_size && alignof(callable) <= alignof(std::max_align_t)) {
    task made{nullptr, [](void* raw) { std::invoke(std::move(*static_cast<callable*>(raw))); },
              [](void*) noexcept {}, {}};
    ::new (static_cast<void*>(made.in_place)) callable(std::forward<F>(f));
    return made;
  } else {
    using payload = std::tuple<callable, std::decay_t<Args>...>;
    auto* state = new payload(std::forward<F>(f), std::forward<Args>(args)...);
    return task{
        state,
        [](void* raw) {
          std::apply([](auto& fn, auto&... a) { std::invoke(std::move(fn), std::move(a)...); },
                     *static_cast<payload*>(raw));
        },
        [](void* raw) noexcept { delete static_cast<payload*>(raw); },
        {}};
  }
}

}  // namespace detail
WEFT_END_NAMESPACE

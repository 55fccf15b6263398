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

// A task holding `f` itself: a trivially copyable callable that fits in task::in_place.
// Kept out of make_task so that `made` is this function's only return: a second return
// statement in the same function, even in a discarded `if constexpr` branch, keeps GCC
// from building `made` in the caller's slot, and it builds it on the stack in 8-byte
// stores copied out in 16-byte loads, which the processor cannot forward (a stall at
// every spawn).
template <class F>
task make_in_place_task(F&& f) {
  using callable = std::decay_t<F>;
  task made;
  made.payload = nullptr;
  made.run = [](void* raw) { std::invoke(std::move(*static_cast<callable*>(raw))); };
  made.destroy = [](void*) noexcept {};
  ::new (static_cast<void*>(made.in_place)) callable(std::forward<F>(f));
  return made;
}

// A task holding decay-copies of f and args on the heap.
template <class F, class... Args>
task make_allocated_task(F&& f, Args&&... args) {
  using payload = std::tuple<std::decay_t<F>, std::decay_t<Args>...>;
  auto* state = new payload(std::forward<F>(f), std::forward<Args>(args)...);
  return task{state,
              [](void* raw) {
                std::apply([](auto& fn, auto&... a) { std::invoke(std::move(fn), std::move(a)...); },
                           *static_cast<payload*>(raw));
              },
              [](void* raw) noexcept { delete static_cast<payload*>(raw); },
              {}};
}

// Decay-copies f and args, as std::thread does, and invokes them on the new thread.
template <class F, class... Args>
task make_task(F&& f, Args&&... args) {
  using callable = std::decay_t<F>;
  if constexpr (sizeof...(Args) == 0 && std::is_trivially_copyable_v<callable> &&
                sizeof(callable) <= task::in_place_size && alignof(callable) <= alignof(std::max_align_t)) {
    return make_in_place_task(std::forward<F>(f));
  } else {
    return make_allocated_task(std::forward<F>(f), std::forward<Args>(args)...);
  }
}

}  // namespace detail
WEFT_END_NAMESPACE

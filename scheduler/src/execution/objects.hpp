// What an execution knows of the simulated objects its threads use (objects.cpp).
#pragma once

#include <cstdint>
#include <source_location>

#include <weft/detail/sim/runtime.hpp>
#include <weft/detail/sim/thread_core.hpp>

namespace weft::inline sim_v1::detail {

// What an event or a wait is about: an object by id, or a thread by index.
struct target {
  object_kind kind = object_kind::none;
  std::uint32_t id = 0;
};

inline target target_of(const sim_object* object) noexcept {
  return object == nullptr ? target{} : target{object->kind(), object->id()};
}
inline target target_of_thread(thread_index thread) noexcept {
  return {object_kind::thread, thread};
}

struct object_info {
  object_kind kind;
  std::source_location declared;
  std::source_location first_used;  // the operation that registered it
  thread_index destroyed_by = no_thread;  // no_thread while it lives
  std::source_location destroyed_near;    // the destroying thread's last operation then
};

}  // namespace weft::detail

// The halves of synchronization a primitive performs itself, where its scheduling point
// cannot (memory/synchronization.hpp): an acquire taken only once the operation is known
// to succeed, a release once its effect is in place.
#pragma once

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

namespace ordering_detail {

// The running execution, if it tracks happens-before and is not stopping.
inline execution* tracking() noexcept {
  execution& ex = *execution::current();
  return ex.tracked() && !ex.stopping() ? &ex : nullptr;
}

}  // namespace ordering_detail

// The running thread takes what operations on `object` gave. Requires a running
// execution; nothing while it does not track happens-before or is stopping.
inline void take_from(const sim_object& object) noexcept {
  if (execution* ex = ordering_detail::tracking()) ex->memory().acquire(ex->running(), object.id());
}

// The running thread gives its past to `object`. Requires a running execution.
inline void give_to(const sim_object& object) noexcept {
  if (execution* ex = ordering_detail::tracking()) ex->memory().release(ex->running(), object.id());
}

// A channel's second direction (happens_before::release_to_senders): a receive gives to
// the sends after it, and a send that finds room takes what receives gave.
inline void give_to_senders(const sim_object& channel) noexcept {
  if (execution* ex = ordering_detail::tracking()) ex->memory().release_to_senders(ex->running(), channel.id());
}
inline void take_from_receivers(const sim_object& channel) noexcept {
  if (execution* ex = ordering_detail::tracking()) ex->memory().acquire_from_receivers(ex->running(), channel.id());
}

// The same halves through a clock the caller keeps instead of an object's. `given` is
// allocated by the caller: release_into may grow it.
inline void take_from(const vector_clock& given) {
  if (execution* ex = ordering_detail::tracking()) ex->memory().acquire_from(ex->running(), given);
}
inline void give_to(vector_clock& given) {
  if (execution* ex = ordering_detail::tracking()) ex->memory().release_into(ex->running(), given);
}

}  // namespace weft::inline sim_v1::detail

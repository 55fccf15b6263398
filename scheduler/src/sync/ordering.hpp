// The halves of synchronization a primitive performs itself, where its scheduling point
// cannot (memory/synchronization.hpp): an acquire taken only once the operation is known
// to succeed, a release once its effect is in place.
#pragma once

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

// The running thread takes what operations on `object` gave. Requires a running
// execution; nothing while it does not track happens-before or is stopping.
inline void take_from(const sim_object& object) noexcept {
  execution& ex = *execution::current();
  if (ex.tracked() && !ex.stopping()) ex.memory().acquire(ex.running(), object.id());
}

// The running thread gives its past to `object`. Requires a running execution.
inline void give_to(const sim_object& object) noexcept {
  execution& ex = *execution::current();
  if (ex.tracked() && !ex.stopping()) ex.memory().release(ex.running(), object.id());
}

}  // namespace weft::inline sim_v1::detail

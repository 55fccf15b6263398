// What the destructor of a primitive that threads wait on does with its waiters.
#pragma once

#include <initializer_list>

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail {

// A thread still waiting on `object` as it is destroyed would wake into freed memory
// (undefined behaviour with std's types): the running execution fails with a misuse that
// says so, and lets the teardown unwind the waiters while the object still exists. The
// queues are forgotten then. Does nothing unless the running execution touched `object`.
// Never throws; may switch threads (as teardown does).
void drop_waiters_of_destroyed(const sim_object& object, std::initializer_list<wait_queue*> queues) noexcept;

}  // namespace weft::inline sim_v1::detail

// Where fibers go that can be neither resumed nor unwound.
//
// Tearing a failed execution down unwinds each thread by throwing at its next scheduling
// point. A thread suspended inside a destructor (noexcept) cannot be unwound that way:
// the throw reaches the destructor and the runtime calls std::terminate. The simulator
// then abandons the thread instead (execution.cpp). Its stack holds live objects that
// can never be destroyed, so it is buried here: kept mapped, never reused, for the rest
// of the process.
//
// That leaks the abandoned stack (only its touched pages cost memory) and whatever
// objects on it own; LeakSanitizer is told to scan the stack, so what those objects
// point to is not reported as leaked. Abandoning is rare: a failure found while a thread
// waited inside a destructor.
#pragma once

#include "fiber/context.hpp"

namespace weft::inline sim_v1::detail {

// Takes `dead` (suspended, never to run again) out of its owner, keeping its stack
// mapped and scanned by LeakSanitizer for the rest of the process. Not thread-safe;
// called by the host between switches.
void bury(fiber_context& dead);

}  // namespace weft::detail

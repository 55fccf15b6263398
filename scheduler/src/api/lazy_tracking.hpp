// Whether an exploration may run each execution untracked first (cheaper) and run it again
// tracked once it meets what needs the memory model (execution_config::track_lazily). A
// body that never comes back to explore() cannot be run again: the program weft-run's
// child runs ends the process. Such a host turns lazy tracking off before it explores.
#pragma once

namespace weft::inline sim_v1::detail {

// Every later exploration in this process tracks memory from its first execution on.
// Call before exploring, from one thread.
void track_memory_from_the_start() noexcept;
// False once track_memory_from_the_start() was called.
bool may_track_lazily() noexcept;

}  // namespace weft::detail

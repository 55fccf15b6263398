// The data-race check of one memory location, in the manner of FastTrack (Flanagan &
// Freund, PLDI 2009): the location's last write as one epoch, the reads since as one epoch
// per thread. weft::shared<T> (memory/shared_cell.cpp) and the plain accesses of code
// compiled with -fsanitize=thread (interpose/src/instrumented_memory.cpp) keep one history
// per location and check each access against it.
#pragma once

#include <optional>
#include <source_location>
#include <string>
#include <vector>

#include <weft/detail/sim/shared_core.hpp>

#include "memory/happens_before.hpp"

namespace weft::inline sim_v1::detail {

using memory_access = shared_core::access;

// An earlier access that the checked one races with.
struct racing_access {
  memory_access earlier;
  bool earlier_writes = false;
};

// The first earlier access of a location that conflicts with an access of the running
// thread `me` (a write if `writes`) and does not happen before it, by `memory` (the
// execution's happens-before, tracked): the location's last write, or, for a write, the
// latest read of a thread since then. Nothing if there is none.
std::optional<racing_access> find_race(happens_before& memory, thread_index me, bool writes,
                                       const memory_access& last_write,
                                       const std::vector<memory_access>& reads_since_write);
// Records the access of `me` at `where` in the location's history. Allocates only to
// remember a thread's first read since the last write.
void record_access(happens_before& memory, thread_index me, bool writes, std::source_location where,
                   memory_access& last_write, std::vector<memory_access>& reads_since_write);

// The report of a race on the location `label` between the running thread `me`'s access
// at `where` and `race`, without the caller's hints: "data race on shared#3: t1 writes it
// at ..., and t0 read it at ...; nothing orders the two (...)". `earlier_made_it`: the
// earlier write was the location's construction.
std::string race_message(const std::string& label, thread_index me, bool writes, std::source_location where,
                         const racing_access& race, bool earlier_made_it = false);

}  // namespace weft::detail

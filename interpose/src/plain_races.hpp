// Data-race checks of the plain accesses of code compiled with -fsanitize=thread
// (instrumented_memory.cpp reaches them): each access is checked against the earlier
// accesses of the same bytes in the execution, by happens-before (memory/race_check.hpp),
// whether or not it was a scheduling point. What a location's bytes held before they were
// freed, or before a new thread began on a stack, is forgotten (forget_plain_accesses):
// memory used again is a new location.
#pragma once

#include <cstddef>
#include <cstdint>
#include <source_location>

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail {
class execution;
}

namespace weft::inline sim_v1::detail::interpose {

// Whether the execution checks plain accesses for data races: WEFT_PLAIN_RACES (a yes/no
// value, yes when unset), read once per execution. A value that is not one is a misuse
// at `where` (weft::options rejects it before exploring); then false.
bool plain_races_checked(std::source_location where);

// Checks the running thread's access of the `size` bytes at `address` (a write if
// `writes`) at `where` against the execution's earlier accesses of any of them, and
// records it. `location` names the address in the report of a race, which fails the
// execution (throws execution_aborted). `ex` must be the running execution, tracked and
// not stopping.
void check_plain_access(execution& ex, std::uintptr_t address, std::size_t size, bool writes,
                        const sim_object& location, std::source_location where);

// Whether a plain access was ever recorded in this process (read and written with
// __atomic builtins): until one is, there is nothing to forget, and free need not ask
// whether it runs in an execution (its first calls come before AddressSanitizer has
// mapped the memory that question reads through).
extern bool plain_accesses_recorded;

// Forgets what the running execution's threads did to the `size` bytes at `address`:
// freed memory, or the stack of a thread that begins. Allocates nothing.
void forget_plain_accesses(std::uintptr_t address, std::size_t size) noexcept;

}  // namespace weft::detail::interpose

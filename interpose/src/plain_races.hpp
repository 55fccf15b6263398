// Data-race checks of the plain accesses of code compiled with -fsanitize=thread
// (instrumented_memory.cpp reaches them): each access is checked against the earlier
// accesses of the same bytes in the execution, by happens-before (memory/race_check.hpp),
// whether or not it was a scheduling point. What a location's bytes held before they were
// freed is forgotten (forget_plain_accesses): memory used again is a new location.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <source_location>

#include "memory/race_check.hpp"

namespace weft::inline sim_v1::detail {
class execution;
}

namespace weft::inline sim_v1::detail::interpose {

// Whether the running execution `ex` checks plain accesses for data races:
// WEFT_PLAIN_RACES (a yes/no value, yes when unset), read once per execution, and each
// simulated thread an OS thread of its own (fibers share pooled stacks, which this does
// not see change hands). A value that is not yes/no is a misuse at the instrumented call
// whose return address is `return_address` (weft::options rejects it before exploring);
// then false.
bool plain_races_checked(execution& ex, const void* return_address);

// Whether an access of the `size` bytes at `address` overlaps one recorded in the
// execution of `generation`: the owner of a stack checks its accesses to it only then.
bool plain_accesses_known(std::uint64_t generation, std::uintptr_t address, std::size_t size);

// Checks the running thread's access of the `size` bytes at `address` (a write if
// `writes`) at `where` against the execution's earlier accesses of any of them. Returns
// the first that races with it, recording nothing; else records it. `ex` must be the
// running execution, tracked and not stopping.
std::optional<racing_access> check_plain_access(execution& ex, std::uintptr_t address, std::size_t size,
                                                bool writes, std::source_location where);

// Forgets what the running execution's threads did to the `size` bytes at `address`,
// which are being freed. The history of a span that only
// partly overlaps them goes too (a race of its other bytes may then be missed). Nothing
// while the spans are being changed (their own frees come back here).
void forget_plain_accesses(std::uintptr_t address, std::size_t size) noexcept;

// Whether a plain access was ever recorded in this process (read and written with
// __atomic builtins): until one is, there is nothing to forget, and free need not ask
// whether it runs in an execution (its first calls come before AddressSanitizer has
// mapped the memory that question reads through).
extern bool plain_accesses_recorded;

}  // namespace weft::detail::interpose

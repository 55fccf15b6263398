// The limits of weft::options and their checks, shared by options() (for the WEFT_*
// variables) and explore() (for values set in code), so both give the same error.
//
// Every message names the variable and the field ("WEFT_WORKERS (options::workers)"),
// says what the value was and what it may be.
#pragma once

#include <cstddef>
#include <cstdint>

#include <weft/options.hpp>

namespace weft::inline sim_v1::detail {

// A simulated thread's stack: below 64 KiB weft's own frames (a scheduling point, an
// unwinding teardown) leave too little for the body; above 1 GiB is a typo (each thread
// of each execution reserves that much address space).
inline constexpr std::size_t min_stack_size = std::size_t{64} << 10;
inline constexpr std::size_t max_stack_size = std::size_t{1} << 30;
// options::max_stack_mappings (other than 0, the default): one stack with a guard region
// (2 mappings) and one block of stacks (2), so that both kinds of stack can be made.
inline constexpr std::size_t min_stack_mappings = 4;
// stall_timeout and minimize_seconds: a day is more than any execution or shrink needs,
// and keeps the conversion to a clock duration far from overflowing.
inline constexpr double max_seconds = 24 * 60 * 60;

// Four worker processes per hardware thread, and at least 4: more only take turns on
// the same cores, and a count past it is a typo that would fork until the machine
// runs out of processes.
std::uint64_t max_workers() noexcept;

// Checks each value on its own (strategy spec, max_steps, shard, workers, stack_size,
// max_stack_mappings, stall_timeout, minimize_seconds). Throws weft::option_error for
// the first bad one.
void check_values(const options& opt);

// Everything explore() needs before its first execution: check_values, the values that
// only make sense together (iterations = 0 with a strategy that never runs out, an
// exhaustive search split into shards or workers), and options::trace_dir, which is
// created if missing and must take a new file (a probe, created and removed), so that a
// failure found later is not lost to a timeline that cannot be written. Throws
// weft::option_error naming the problem.
void check_exploration(const options& opt);

}  // namespace weft::detail

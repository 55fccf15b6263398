// Source locations of code known only by its return addresses.
//
// A std::source_location is made by the compiler, at a call written for weft. Code not
// written for weft (an interposed pthread call, a throw) is known only by the return
// addresses on its stack. Here a call path gets a location record of its own, kept for
// the process, that names the object and offset ("prog+0x1a2b") until
// resolve_code_locations() finds its file and line in the debug information (one
// addr2line run per object, from binutils): finding lines is worth its time only for what
// a report shows.
//
// Thread-safe (a spin lock: under weft::interpose a std::mutex would call the very
// pthread_mutex_lock it defines). Under weft::interpose, calls to these functions must be
// made as weft's own (interpose/src/intercepted_call.hpp), since they allocate, unwind and run
// addr2line.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <source_location>

namespace weft::inline sim_v1::detail {

// How many callers a path holds, innermost first.
inline constexpr std::size_t call_path_length = 4;
// Return addresses, innermost first; 0 past the last one.
using call_path = std::array<std::uintptr_t, call_path_length>;

// The path of callers that starts at `first`, a return address in the calling thread's
// stack above the caller of this function (frames below it are skipped). With no unwind
// information the path is `first` alone.
call_path callers_from(std::uintptr_t first) noexcept;

struct code_location {
  std::source_location where;
  // Made by the C library, the dynamic loader or the unwinder (libgcc_s) at their own
  // bookkeeping, not by the code under test.
  bool by_the_system = false;
};

// The location of the call that `path` leads to: once resolved, the innermost of its
// calls (inlined ones included) that is the user's, not the standard library's or weft's
// (a std::mutex::lock may be a function of its own that calls pthread_mutex_lock), or
// else the innermost. The same path always gives the same record. May throw bad_alloc.
code_location location_of_path(const call_path& path);

// A location the code under test names itself (assert's file, line and function),
// interned: the same three give the same record. May throw bad_alloc.
std::source_location location_named(const char* file, unsigned line, const char* function);

// Finds the file and line of every path not resolved yet. Out of memory, the lines stay
// object+offset.
void resolve_code_locations() noexcept;

}  // namespace weft::detail

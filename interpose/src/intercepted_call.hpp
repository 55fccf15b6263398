// Where the code under test made an interposed call: a std::source_location made at run
// time from the caller's return address, for traces and reports.
#pragma once

#include <optional>
#include <source_location>

namespace weft::inline sim_v1::detail::interpose {

// Whether an interposed call goes to the simulator: this OS thread runs a simulated
// thread (on_simulated_thread(): not the host parked in execution::run, which may still
// take a lock of its own), and the call is not made by weft itself finding a call site (the unwinder locks
// mutexes of its own; popen runs addr2line), which must reach the C library.
bool intercepting() noexcept;

// Whether the interposed function whose return address is `return_address` goes to the
// simulator, and the call's location if so. The call goes there when intercepting() says
// so and the caller is not the C library, the dynamic loader or the unwinder (libgcc_s,
// whose first throw locks and runs a pthread_once of its own) doing its own bookkeeping.
// The location is the user's call that led there: the function's caller, or the first
// caller further up (of the few frames looked at) outside the standard library's headers
// and libraries, since std::mutex::lock and std::condition_variable::wait may be
// functions of their own that call the pthread function. The same call path always gives
// the same location (one record per path, kept for the process). Its file names the
// object and offset ("prog+0x1a2b") until resolve_call_sites() has found the line.
[[gnu::noinline]] std::optional<std::source_location> intercepted_call(const void* return_address);

// The location of a call known by its return address alone (no unwinding: for calls too
// many to unwind at each, such as instrumented memory accesses). Resolved as
// intercepted_call's are.
std::source_location fast_call_site(const void* return_address);

// A location the code under test names itself (assert's file, line and function),
// interned: the same three give the same record, kept for the process.
std::source_location location_at(const char* file, unsigned line, const char* function);

// Finds the source file and line of every call site not resolved yet (one addr2line run
// per object, from binutils, when the object has debug information). Called before a
// failure is recorded or reported.
void resolve_call_sites() noexcept;

}  // namespace weft::detail::interpose

// intercepted_call() for the interposed function this is written in.
#define WEFT_INTERCEPTED_CALL() ::weft::detail::interpose::intercepted_call(__builtin_return_address(0))

// Where the exceptions of simulated threads were thrown, for the report of one that
// escapes its thread.
//
// An exception that escapes a thread's function is caught by weft where the throwing
// frames are gone. So weft defines __cxa_throw, through which every C++ throw goes: when a
// simulated thread throws, it notes the thrown object and the return addresses of the
// throw's callers (an unwind of four frames, paid at throws only), then goes on to the C++
// runtime's own __cxa_throw. The definition is weak: where the runtime is linked
// statically its own definition is used, and reports name the thread's last operation as
// before; so it is where a user's build links AddressSanitizer's runtime statically
// (clang's default), which defines __cxa_throw too, unless weft itself was built with
// AddressSanitizer (then weft's is strong and calls ASan's).
#pragma once

#include <optional>
#include <source_location>

namespace weft::inline sim_v1::detail {

// Inside a handler: where the exception being handled was thrown, if a simulated thread
// threw it among the latest throws noted (a rethrow, or an exception_ptr rethrown in
// another thread, names the first throw). The location is resolved with the others
// (report/run_time_locations.hpp). May throw bad_alloc.
std::optional<std::source_location> throw_site_of_current_exception();

}  // namespace weft::detail

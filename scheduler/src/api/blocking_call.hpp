// Which system call a stalled OS thread waits in, for the stall report: "blocked outside
// weft" is a guess until it names the call (a child process's end, a read, a futex).
#pragma once

#include <string>

namespace weft::inline sim_v1::detail {

// The system call OS thread `os_thread` of this process is blocked in, named with what it
// usually waits for ("wait4 (a child process's end)"); empty when the thread is not in one
// or the kernel does not say. Reads /proc with open and read, never a stream (the stalled
// thread may hold the C library's list of streams). Never throws out of memory into the
// watchdog: returns "" then.
std::string blocking_call(int os_thread) noexcept;

}  // namespace weft::inline sim_v1::detail

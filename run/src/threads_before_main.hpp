// Threads the program starts before main: no execution has them. Each execution is a copy
// of the program forked before main, and a fork copies only the thread that forks, so a
// pool a static object starts would silently do none of its work in any of them.
#pragma once

#include <cstddef>

namespace weft::run {

// Counts the process's threads when the program starts, before its own static objects
// are made: a thread a library's initialization started is there already (OpenBLAS's
// pool, which stops itself around a fork) and is the library's own business.
void count_threads_before_initialization() noexcept;

// How many threads have been started since count_threads_before_initialization() and
// still run. A thread that is ending (joined, but not yet gone from /proc) is waited for,
// up to 100 ms. 0 when /proc cannot say.
std::size_t threads_started_by_initialization() noexcept;

}  // namespace weft::run

// weft::mutex, recursive_mutex, timed_mutex, recursive_timed_mutex: std's, or simulated under weft::sim.
// std::lock_guard, std::unique_lock and std::scoped_lock work with both unchanged.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/mutex.hpp>
#else
#include <mutex>

WEFT_BEGIN_NAMESPACE
using std::mutex;
using std::recursive_mutex;
using std::recursive_timed_mutex;
using std::timed_mutex;
WEFT_END_NAMESPACE
#endif

// weft::mutex, recursive_mutex, timed_mutex, recursive_timed_mutex: std's, or simulated under weft::sim.
// std::lock_guard, std::unique_lock and std::scoped_lock work with both unchanged.
// Also weft::once_flag and weft::call_once, as <mutex> has them.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/call_once.hpp>
#include <weft/detail/sim/mutex.hpp>
#else
#include <mutex>

WEFT_BEGIN_NAMESPACE
using std::call_once;
using std::mutex;
using std::once_flag;
using std::recursive_mutex;
using std::recursive_timed_mutex;
using std::timed_mutex;
WEFT_END_NAMESPACE
#endif

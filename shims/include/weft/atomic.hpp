// weft::atomic<T>, weft::atomic_flag: std's, or simulated under weft::sim, where every
// operation is a scheduling point (sequentially consistent model).
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/atomic.hpp>
#else
#include <atomic>

WEFT_BEGIN_NAMESPACE
using std::atomic;
using std::atomic_flag;
WEFT_END_NAMESPACE
#endif

// weft::atomic<T>, weft::atomic_ref<T>, weft::atomic_flag, weft::atomic_thread_fence: std's,
// or simulated under weft::sim, where every operation is a scheduling point.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/atomic.hpp>
#include <weft/detail/sim/atomic_ref.hpp>
#else
#include <atomic>

WEFT_BEGIN_NAMESPACE
using std::atomic;
using std::atomic_flag;
using std::atomic_ref;
using std::atomic_signal_fence;
using std::atomic_thread_fence;
WEFT_END_NAMESPACE
#endif

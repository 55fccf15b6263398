// weft::atomic<T> (atomic<std::shared_ptr<T>> too), weft::atomic_ref<T>, weft::atomic_flag,
// weft::atomic_thread_fence: std's, or simulated under weft::sim, where every operation is
// a scheduling point.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/atomic.hpp>
#include <weft/detail/sim/atomic_free_functions.hpp>
#include <weft/detail/sim/atomic_ref.hpp>
#include <weft/detail/sim/atomic_shared_ptr.hpp>
#else
#include <atomic>
#include <memory>  // std::atomic<std::shared_ptr<T>>

WEFT_BEGIN_NAMESPACE
using std::atomic;
using std::atomic_flag;
using std::atomic_ref;
using std::atomic_signal_fence;
using std::atomic_thread_fence;
using std::atomic_is_lock_free, std::atomic_init, std::atomic_load, std::atomic_load_explicit, std::atomic_store,
    std::atomic_store_explicit, std::atomic_exchange, std::atomic_exchange_explicit, std::atomic_compare_exchange_weak,
    std::atomic_compare_exchange_strong, std::atomic_compare_exchange_weak_explicit,
    std::atomic_compare_exchange_strong_explicit, std::atomic_fetch_add, std::atomic_fetch_add_explicit,
    std::atomic_fetch_sub, std::atomic_fetch_sub_explicit, std::atomic_fetch_and, std::atomic_fetch_and_explicit,
    std::atomic_fetch_or, std::atomic_fetch_or_explicit, std::atomic_fetch_xor, std::atomic_fetch_xor_explicit,
    std::atomic_wait, std::atomic_wait_explicit, std::atomic_notify_one, std::atomic_notify_all,
    std::atomic_flag_test_and_set, std::atomic_flag_test_and_set_explicit, std::atomic_flag_clear,
    std::atomic_flag_clear_explicit;
WEFT_END_NAMESPACE
#endif

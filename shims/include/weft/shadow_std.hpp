// Testing code written against std without editing it.
//
//   namespace lib { WEFT_SHADOW_STD }   // in a prelude the build force-includes (-include)
//
// declares a namespace `lib::std` that re-exports all of ::std, except the names of the
// primitives weft simulates, which name weft's. Inside namespace lib, `std::mutex`,
// `std::thread`, `std::atomic<int>`, `std::this_thread::sleep_for`,
// `std::chrono::steady_clock`, ... then find lib::std first and resolve to weft's types,
// while `std::vector`, `std::lock_guard` or `std::chrono::milliseconds` still find the
// real ones. In the pass-through build the macro declares nothing: std stays std.
//
// `std::shared_timed_mutex`, which weft does not simulate, names an incomplete type there:
// code using it does not compile, rather than run unseen.
//
// It cannot reach: keywords (`thread_local`), code outside the namespace (the global
// namespace, other libraries), names spelt `::std::`, and specializations the code adds to
// namespace std itself (`namespace std { template <> struct hash<...> }` would open
// lib::std). See README, "Testing code you did not write for weft".
#pragma once

#include <cstddef>
#include <cstdint>

#include <weft/config.hpp>
#include <weft/weft.hpp>

#if WEFT_SIM
WEFT_BEGIN_NAMESPACE
namespace detail {
// Declared, never defined: shadowed code that names this std type weft does not simulate
// fails to compile with a name that says why, instead of running the real type, whose
// operations weft would not see (and a real shared_timed_mutex two simulated threads
// contend for would block the one OS thread they share).
struct shared_timed_mutex_is_not_simulated_by_weft;
}  // namespace detail
WEFT_END_NAMESPACE

// weft's class templates are brought in by using-declarations, never alias templates
// (`template <class T> using atomic = ::weft::atomic<T>`): deduction from an initializer
// (`std::atomic a{0}`, `std::barrier b(1)`, `std::packaged_task t(f)`) works through a
// using-declaration everywhere, through an alias template only with C++20's alias CTAD,
// which clang 16 does not implement ("alias template requires template arguments").
// clang-format off
#define WEFT_SHADOW_STD                                                                    \
  namespace std {                                                                          \
  using namespace ::std;                                                                   \
  using ::weft::mutex;                                                                     \
  using ::weft::recursive_mutex;                                                           \
  using ::weft::timed_mutex;                                                               \
  using ::weft::recursive_timed_mutex;                                                     \
  using ::weft::shared_mutex;                                                              \
  using ::weft::condition_variable;                                                        \
  using ::weft::condition_variable_any;                                                    \
  using ::weft::notify_all_at_thread_exit;                                                 \
  using ::weft::thread;                                                                    \
  using ::weft::jthread;                                                                   \
  using ::weft::stop_callback;                                                             \
  using ::weft::stop_source;                                                               \
  using ::weft::atomic;                                                                    \
  using ::weft::atomic_flag;                                                               \
  using ::weft::atomic_thread_fence;                                                       \
  using ::weft::atomic_is_lock_free; using ::std::atomic_is_lock_free;                     \
  using ::weft::atomic_init; using ::std::atomic_init;                                     \
  using ::weft::atomic_load; using ::std::atomic_load;                                     \
  using ::weft::atomic_load_explicit; using ::std::atomic_load_explicit;                   \
  using ::weft::atomic_store; using ::std::atomic_store;                                   \
  using ::weft::atomic_store_explicit; using ::std::atomic_store_explicit;                 \
  using ::weft::atomic_exchange; using ::std::atomic_exchange;                             \
  using ::weft::atomic_exchange_explicit; using ::std::atomic_exchange_explicit;           \
  using ::weft::atomic_compare_exchange_weak; using ::std::atomic_compare_exchange_weak;   \
  using ::weft::atomic_compare_exchange_strong; using ::std::atomic_compare_exchange_strong;\
  using ::weft::atomic_compare_exchange_weak_explicit; using ::std::atomic_compare_exchange_weak_explicit;\
  using ::weft::atomic_compare_exchange_strong_explicit; using ::std::atomic_compare_exchange_strong_explicit;\
  using ::weft::atomic_fetch_add; using ::std::atomic_fetch_add;                           \
  using ::weft::atomic_fetch_add_explicit; using ::std::atomic_fetch_add_explicit;         \
  using ::weft::atomic_fetch_sub; using ::std::atomic_fetch_sub;                           \
  using ::weft::atomic_fetch_sub_explicit; using ::std::atomic_fetch_sub_explicit;         \
  using ::weft::atomic_fetch_and; using ::std::atomic_fetch_and;                           \
  using ::weft::atomic_fetch_and_explicit; using ::std::atomic_fetch_and_explicit;         \
  using ::weft::atomic_fetch_or; using ::std::atomic_fetch_or;                             \
  using ::weft::atomic_fetch_or_explicit; using ::std::atomic_fetch_or_explicit;           \
  using ::weft::atomic_fetch_xor; using ::std::atomic_fetch_xor;                           \
  using ::weft::atomic_fetch_xor_explicit; using ::std::atomic_fetch_xor_explicit;         \
  using ::weft::atomic_wait; using ::std::atomic_wait;                                     \
  using ::weft::atomic_wait_explicit; using ::std::atomic_wait_explicit;                   \
  using ::weft::atomic_notify_one; using ::std::atomic_notify_one;                         \
  using ::weft::atomic_notify_all; using ::std::atomic_notify_all;                         \
  using ::weft::atomic_flag_test;                                                          \
  using ::weft::atomic_flag_test_explicit;                                                 \
  using ::weft::atomic_flag_test_and_set; using ::std::atomic_flag_test_and_set;           \
  using ::weft::atomic_flag_test_and_set_explicit; using ::std::atomic_flag_test_and_set_explicit;\
  using ::weft::atomic_flag_clear; using ::std::atomic_flag_clear;                         \
  using ::weft::atomic_flag_clear_explicit; using ::std::atomic_flag_clear_explicit;       \
  using ::weft::atomic_flag_wait;                                                          \
  using ::weft::atomic_flag_wait_explicit;                                                 \
  using ::weft::atomic_flag_notify_one;                                                    \
  using ::weft::atomic_flag_notify_all;                                                    \
  using ::weft::atomic_signal_fence;                                                       \
  using atomic_bool = ::weft::atomic<bool>;                                                \
  using atomic_char = ::weft::atomic<char>;                                                \
  using atomic_schar = ::weft::atomic<signed char>;                                        \
  using atomic_uchar = ::weft::atomic<unsigned char>;                                      \
  using atomic_short = ::weft::atomic<short>;                                              \
  using atomic_ushort = ::weft::atomic<unsigned short>;                                    \
  using atomic_int = ::weft::atomic<int>;                                                  \
  using atomic_uint = ::weft::atomic<unsigned int>;                                        \
  using atomic_long = ::weft::atomic<long>;                                                \
  using atomic_ulong = ::weft::atomic<unsigned long>;                                      \
  using atomic_llong = ::weft::atomic<long long>;                                          \
  using atomic_ullong = ::weft::atomic<unsigned long long>;                                \
  using atomic_char8_t = ::weft::atomic<char8_t>;                                          \
  using atomic_char16_t = ::weft::atomic<char16_t>;                                        \
  using atomic_char32_t = ::weft::atomic<char32_t>;                                        \
  using atomic_wchar_t = ::weft::atomic<wchar_t>;                                          \
  using atomic_int8_t = ::weft::atomic<::std::int8_t>;                                     \
  using atomic_uint8_t = ::weft::atomic<::std::uint8_t>;                                   \
  using atomic_int16_t = ::weft::atomic<::std::int16_t>;                                   \
  using atomic_uint16_t = ::weft::atomic<::std::uint16_t>;                                 \
  using atomic_int32_t = ::weft::atomic<::std::int32_t>;                                   \
  using atomic_uint32_t = ::weft::atomic<::std::uint32_t>;                                 \
  using atomic_int64_t = ::weft::atomic<::std::int64_t>;                                   \
  using atomic_uint64_t = ::weft::atomic<::std::uint64_t>;                                 \
  using atomic_int_least8_t = ::weft::atomic<::std::int_least8_t>;                         \
  using atomic_uint_least8_t = ::weft::atomic<::std::uint_least8_t>;                       \
  using atomic_int_least16_t = ::weft::atomic<::std::int_least16_t>;                       \
  using atomic_uint_least16_t = ::weft::atomic<::std::uint_least16_t>;                     \
  using atomic_int_least32_t = ::weft::atomic<::std::int_least32_t>;                       \
  using atomic_uint_least32_t = ::weft::atomic<::std::uint_least32_t>;                     \
  using atomic_int_least64_t = ::weft::atomic<::std::int_least64_t>;                       \
  using atomic_uint_least64_t = ::weft::atomic<::std::uint_least64_t>;                     \
  using atomic_int_fast8_t = ::weft::atomic<::std::int_fast8_t>;                           \
  using atomic_uint_fast8_t = ::weft::atomic<::std::uint_fast8_t>;                         \
  using atomic_int_fast16_t = ::weft::atomic<::std::int_fast16_t>;                         \
  using atomic_uint_fast16_t = ::weft::atomic<::std::uint_fast16_t>;                       \
  using atomic_int_fast32_t = ::weft::atomic<::std::int_fast32_t>;                         \
  using atomic_uint_fast32_t = ::weft::atomic<::std::uint_fast32_t>;                       \
  using atomic_int_fast64_t = ::weft::atomic<::std::int_fast64_t>;                         \
  using atomic_uint_fast64_t = ::weft::atomic<::std::uint_fast64_t>;                       \
  using atomic_intptr_t = ::weft::atomic<::std::intptr_t>;                                 \
  using atomic_uintptr_t = ::weft::atomic<::std::uintptr_t>;                               \
  using atomic_size_t = ::weft::atomic<::std::size_t>;                                     \
  using atomic_ptrdiff_t = ::weft::atomic<::std::ptrdiff_t>;                               \
  using atomic_intmax_t = ::weft::atomic<::std::intmax_t>;                                 \
  using atomic_uintmax_t = ::weft::atomic<::std::uintmax_t>;                               \
  using ::weft::atomic_ref;                                                                 \
  using shared_timed_mutex = ::weft::detail::shared_timed_mutex_is_not_simulated_by_weft;  \
  using ::weft::future;                                                                    \
  using ::weft::shared_future;                                                             \
  using ::weft::promise;                                                                   \
  using ::weft::packaged_task;                                                             \
  using ::weft::async;                                                                     \
  using ::weft::once_flag;                                                                 \
  using ::weft::call_once;                                                                 \
  using ::weft::counting_semaphore;                                                        \
  using ::weft::binary_semaphore;                                                          \
  using ::weft::latch;                                                                     \
  using ::weft::barrier;                                                                   \
  namespace this_thread {                                                                  \
  using namespace ::std::this_thread;                                                      \
  using ::weft::this_thread::get_id;                                                       \
  using ::weft::this_thread::sleep_for;                                                    \
  using ::weft::this_thread::sleep_until;                                                  \
  using ::weft::this_thread::yield;                                                        \
  }                                                                                        \
  namespace chrono {                                                                       \
  using namespace ::std::chrono;                                                           \
  using ::weft::steady_clock;                                                              \
  using ::weft::system_clock;                                                              \
  using high_resolution_clock = ::weft::steady_clock;                                      \
  }                                                                                        \
  }
// clang-format on
#else
#define WEFT_SHADOW_STD
#endif

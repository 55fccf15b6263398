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
// It cannot reach: keywords (`thread_local`), code outside the namespace (the global
// namespace, other libraries), names spelt `::std::`, and specializations the code adds to
// namespace std itself (`namespace std { template <> struct hash<...> }` would open
// lib::std). See README, "Testing code you did not write for weft".
#pragma once

#include <cstddef>
#include <limits>

#include <weft/config.hpp>
#include <weft/weft.hpp>

#if WEFT_SIM
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
  using ::weft::thread;                                                                    \
  using ::weft::jthread;                                                                   \
  template <class T> using atomic = ::weft::atomic<T>;                                     \
  using ::weft::atomic_flag;                                                               \
  template <class R> using future = ::weft::future<R>;                                     \
  template <class R> using shared_future = ::weft::shared_future<R>;                       \
  template <class R> using promise = ::weft::promise<R>;                                   \
  template <class S> using packaged_task = ::weft::packaged_task<S>;                       \
  using ::weft::async;                                                                     \
  using ::weft::once_flag;                                                                 \
  using ::weft::call_once;                                                                 \
  template <::std::ptrdiff_t N = ::std::numeric_limits<::std::ptrdiff_t>::max()>           \
  using counting_semaphore = ::weft::counting_semaphore<N>;                                \
  using ::weft::binary_semaphore;                                                          \
  using ::weft::latch;                                                                     \
  template <class F = ::weft::detail::no_completion> using barrier = ::weft::barrier<F>;   \
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

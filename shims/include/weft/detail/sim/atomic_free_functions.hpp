// The C-style free functions of <atomic> (atomic_load, atomic_fetch_add_explicit,
// atomic_flag_test_and_set, ...) on weft's atomics, in the simulated build: code written
// against them, legacy spinlocks and C-compatible headers, is tested unchanged
// (WEFT_SHADOW_STD maps the std names here). Each is its member function, with the
// caller's line. The value parameters are not deduced, as std's are not, so that
// atomic_store(&a_long, 1) compiles.
#pragma once

#include <atomic>
#include <source_location>
#include <type_traits>

#include <weft/detail/sim/atomic.hpp>

WEFT_BEGIN_NAMESPACE

namespace detail {
template <class T>
using atomic_value = typename atomic<T>::value_type;
template <class T>
using atomic_difference_of = typename atomic<T>::difference_type;
}  // namespace detail

template <class T>
bool atomic_is_lock_free(const atomic<T>* a) noexcept {
  return a->is_lock_free();
}
template <class T>
void atomic_init(atomic<T>* a, detail::atomic_value<T> value,
                 std::source_location where = std::source_location::current()) {
  a->store(value, std::memory_order_relaxed, where);
}

template <class T>
T atomic_load(const atomic<T>* a, std::source_location where = std::source_location::current()) {
  return a->load(std::memory_order_seq_cst, where);
}
template <class T>
T atomic_load_explicit(const atomic<T>* a, std::memory_order order,
                       std::source_location where = std::source_location::current()) {
  return a->load(order, where);
}
template <class T>
void atomic_store(atomic<T>* a, detail::atomic_value<T> value,
                  std::source_location where = std::source_location::current()) {
  a->store(value, std::memory_order_seq_cst, where);
}
template <class T>
void atomic_store_explicit(atomic<T>* a, detail::atomic_value<T> value, std::memory_order order,
                           std::source_location where = std::source_location::current()) {
  a->store(value, order, where);
}
template <class T>
T atomic_exchange(atomic<T>* a, detail::atomic_value<T> value,
                  std::source_location where = std::source_location::current()) {
  return a->exchange(value, std::memory_order_seq_cst, where);
}
template <class T>
T atomic_exchange_explicit(atomic<T>* a, detail::atomic_value<T> value, std::memory_order order,
                           std::source_location where = std::source_location::current()) {
  return a->exchange(value, order, where);
}

template <class T>
bool atomic_compare_exchange_weak(atomic<T>* a, detail::atomic_value<T>* expected, detail::atomic_value<T> desired,
                                  std::source_location where = std::source_location::current()) {
  return a->compare_exchange_weak(*expected, desired, std::memory_order_seq_cst, where);
}
template <class T>
bool atomic_compare_exchange_strong(atomic<T>* a, detail::atomic_value<T>* expected, detail::atomic_value<T> desired,
                                    std::source_location where = std::source_location::current()) {
  return a->compare_exchange_strong(*expected, desired, std::memory_order_seq_cst, where);
}
template <class T>
bool atomic_compare_exchange_weak_explicit(atomic<T>* a, detail::atomic_value<T>* expected,
                                           detail::atomic_value<T> desired, std::memory_order success,
                                           std::memory_order failure,
                                           std::source_location where = std::source_location::current()) {
  return a->compare_exchange_weak(*expected, desired, success, failure, where);
}
template <class T>
bool atomic_compare_exchange_strong_explicit(atomic<T>* a, detail::atomic_value<T>* expected,
                                             detail::atomic_value<T> desired, std::memory_order success,
                                             std::memory_order failure,
                                             std::source_location where = std::source_location::current()) {
  return a->compare_exchange_strong(*expected, desired, success, failure, where);
}

// fetch_add and the rest: one pair (plain, _explicit) per operation.
#define WEFT_ATOMIC_FETCH(name, operand)                                                                      \
  template <class T>                                                                                         \
  T atomic_##name(atomic<T>* a, operand arg, std::source_location where = std::source_location::current()) { \
    return a->name(arg, std::memory_order_seq_cst, where);                                                   \
  }                                                                                                          \
  template <class T>                                                                                         \
  T atomic_##name##_explicit(atomic<T>* a, operand arg, std::memory_order order,                             \
                             std::source_location where = std::source_location::current()) {                 \
    return a->name(arg, order, where);                                                                       \
  }
WEFT_ATOMIC_FETCH(fetch_add, detail::atomic_difference_of<T>)
WEFT_ATOMIC_FETCH(fetch_sub, detail::atomic_difference_of<T>)
WEFT_ATOMIC_FETCH(fetch_and, detail::atomic_value<T>)
WEFT_ATOMIC_FETCH(fetch_or, detail::atomic_value<T>)
WEFT_ATOMIC_FETCH(fetch_xor, detail::atomic_value<T>)
#undef WEFT_ATOMIC_FETCH

template <class T>
void atomic_wait(const atomic<T>* a, detail::atomic_value<T> old,
                 std::source_location where = std::source_location::current()) {
  a->wait(old, std::memory_order_seq_cst, where);
}
template <class T>
void atomic_wait_explicit(const atomic<T>* a, detail::atomic_value<T> old, std::memory_order order,
                          std::source_location where = std::source_location::current()) {
  a->wait(old, order, where);
}
template <class T>
void atomic_notify_one(atomic<T>* a, std::source_location where = std::source_location::current()) {
  a->notify_one(where);
}
template <class T>
void atomic_notify_all(atomic<T>* a, std::source_location where = std::source_location::current()) {
  a->notify_all(where);
}

inline bool atomic_flag_test(const atomic_flag* f, std::source_location where = std::source_location::current()) {
  return f->test(std::memory_order_seq_cst, where);
}
inline bool atomic_flag_test_explicit(const atomic_flag* f, std::memory_order order,
                                      std::source_location where = std::source_location::current()) {
  return f->test(order, where);
}
inline bool atomic_flag_test_and_set(atomic_flag* f, std::source_location where = std::source_location::current()) {
  return f->test_and_set(std::memory_order_seq_cst, where);
}
inline bool atomic_flag_test_and_set_explicit(atomic_flag* f, std::memory_order order,
                                              std::source_location where = std::source_location::current()) {
  return f->test_and_set(order, where);
}
inline void atomic_flag_clear(atomic_flag* f, std::source_location where = std::source_location::current()) {
  f->clear(std::memory_order_seq_cst, where);
}
inline void atomic_flag_clear_explicit(atomic_flag* f, std::memory_order order,
                                       std::source_location where = std::source_location::current()) {
  f->clear(order, where);
}
inline void atomic_flag_wait(const atomic_flag* f, bool old,
                             std::source_location where = std::source_location::current()) {
  f->wait(old, std::memory_order_seq_cst, where);
}
inline void atomic_flag_wait_explicit(const atomic_flag* f, bool old, std::memory_order order,
                                      std::source_location where = std::source_location::current()) {
  f->wait(old, order, where);
}
inline void atomic_flag_notify_one(atomic_flag* f, std::source_location where = std::source_location::current()) {
  f->notify_one(where);
}
inline void atomic_flag_notify_all(atomic_flag* f, std::source_location where = std::source_location::current()) {
  f->notify_all(where);
}

WEFT_END_NAMESPACE

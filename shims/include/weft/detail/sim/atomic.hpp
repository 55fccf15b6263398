// weft::atomic<T> and weft::atomic_flag in the simulated build.
//
// Every operation is a scheduling point followed by the operation itself, indivisibly.
// The object holds the newest value in modification order; with the C++ memory model
// (options::memory_model, the default) a load may return an older store's value that the
// model allows, and the orders decide which operations synchronize, which is what the
// data-race checks of weft::shared<T> see (scheduler/src/memory/atomic_memory.hpp).
// Operators have no source location (C++ gives them no default arguments); the named
// member functions record the caller's line.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstring>
#include <source_location>
#include <type_traits>
#include <utility>

#include <weft/detail/sim/atomic_core.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

template <class T>
concept atomic_integral = std::is_integral_v<T> && !std::is_same_v<T, bool>;
template <class T>
concept atomic_arithmetic = atomic_integral<T> || std::is_floating_point_v<T>;

template <class T>
struct atomic_difference {};
template <atomic_arithmetic T>
struct atomic_difference<T> {
  using difference_type = T;
};
template <class T>
struct atomic_difference<T*> {
  using difference_type = std::ptrdiff_t;
};

}  // namespace detail

template <class T>
class atomic : public detail::atomic_difference<T> {
  static_assert(std::is_trivially_copyable_v<T> && std::is_copy_constructible_v<T> &&
                    std::is_move_constructible_v<T> && std::is_copy_assignable_v<T> &&
                    std::is_move_assignable_v<T>,
                "weft::atomic<T> requires a trivially copyable T, as std::atomic does");
  using loc = std::source_location;
  using order = std::memory_order;
  static constexpr order seq_cst = std::memory_order_seq_cst;

 public:
  using value_type = T;
  static constexpr bool is_always_lock_free = std::atomic<T>::is_always_lock_free;

  atomic(loc declared = loc::current()) noexcept(std::is_nothrow_default_constructible_v<T>)
      : value_(), core_(declared) {}
  atomic(T desired, loc declared = loc::current()) noexcept : value_(desired), core_(declared) {}
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;

  bool is_lock_free() const noexcept { return is_always_lock_free; }

  T load(order o = seq_cst, loc where = loc::current()) const {
    const bool tracked = core_.before(detail::op::load, where);
    T result = value_;
    if (core_.must_report(tracked, o)) core_.load(&result, sizeof(T), o, where, &detail::value_text<T>);
    return result;
  }
  void store(T desired, order o = seq_cst, loc where = loc::current()) {
    const bool tracked = core_.before(detail::op::store, where);
    if (!core_.must_report(tracked, o) || core_.store(&value_, &desired, sizeof(T), o, where)) value_ = desired;
  }
  operator T() const { return load(seq_cst, loc{}); }
  T operator=(T desired) {
    store(desired, seq_cst, loc{});
    return desired;
  }
  T exchange(T desired, order o = seq_cst, loc where = loc::current()) {
    const bool tracked = core_.before(detail::op::exchange, where);
    if (core_.must_report(tracked, o)) core_.modify(&value_, &desired, sizeof(T), o, where);
    return std::exchange(value_, desired);
  }

  // Compares object representations, as std does, with the newest value. The weak form
  // never fails spuriously.
  bool compare_exchange_strong(T& expected, T desired, order success, order failure, loc where = loc::current()) {
    const bool tracked = core_.before(detail::op::compare_exchange, where);
    const bool exchanged = std::memcmp(&value_, &expected, sizeof(T)) == 0;
    if (exchanged) {
      if (core_.must_report(tracked, success)) core_.modify(&value_, &desired, sizeof(T), success, where);
      value_ = desired;
    } else {
      if (core_.must_report(tracked, failure)) core_.load_newest(&value_, sizeof(T), failure);
      expected = value_;
    }
    detail::attempted(exchanged);
    return exchanged;
  }
  bool compare_exchange_strong(T& expected, T desired, order o = seq_cst, loc where = loc::current()) {
    return compare_exchange_strong(expected, desired, o, failure_order(o), where);
  }
  bool compare_exchange_weak(T& expected, T desired, order s, order f, loc where = loc::current()) {
    return compare_exchange_strong(expected, desired, s, f, where);
  }
  bool compare_exchange_weak(T& expected, T desired, order o = seq_cst, loc where = loc::current()) {
    return compare_exchange_strong(expected, desired, o, failure_order(o), where);
  }

  void wait(T old, order = seq_cst, loc where = loc::current()) const {
    core_.wait(&value_, &old, sizeof(T), where);
  }
  void notify_one(loc where = loc::current()) { core_.notify_one(where); }
  void notify_all(loc where = loc::current()) { core_.notify_all(where); }

  // Arithmetic (integral and floating point) and pointer operations.
  template <class D = T>
    requires detail::atomic_arithmetic<D> || std::is_pointer_v<D>
  T fetch_add(typename detail::atomic_difference<D>::difference_type arg, order o = seq_cst, loc where = loc::current()) {
    return modify(o, where, [arg](T v) { return static_cast<T>(v + arg); });
  }
  template <class D = T>
    requires detail::atomic_arithmetic<D> || std::is_pointer_v<D>
  T fetch_sub(typename detail::atomic_difference<D>::difference_type arg, order o = seq_cst, loc where = loc::current()) {
    return modify(o, where, [arg](T v) { return static_cast<T>(v - arg); });
  }
  template <class D = T>
    requires detail::atomic_integral<D>
  T fetch_and(T arg, order o = seq_cst, loc where = loc::current()) {
    return modify(o, where, [arg](T v) { return static_cast<T>(v & arg); });
  }
  template <class D = T>
    requires detail::atomic_integral<D>
  T fetch_or(T arg, order o = seq_cst, loc where = loc::current()) {
    return modify(o, where, [arg](T v) { return static_cast<T>(v | arg); });
  }
  template <class D = T>
    requires detail::atomic_integral<D>
  T fetch_xor(T arg, order o = seq_cst, loc where = loc::current()) {
    return modify(o, where, [arg](T v) { return static_cast<T>(v ^ arg); });
  }

  template <class D = T>
    requires detail::atomic_integral<D> || std::is_pointer_v<D>
  T operator++() {
    return static_cast<T>(fetch_add(1, seq_cst, loc{}) + 1);
  }
  template <class D = T>
    requires detail::atomic_integral<D> || std::is_pointer_v<D>
  T operator++(int) {
    return fetch_add(1, seq_cst, loc{});
  }
  template <class D = T>
    requires detail::atomic_integral<D> || std::is_pointer_v<D>
  T operator--() {
    return static_cast<T>(fetch_sub(1, seq_cst, loc{}) - 1);
  }
  template <class D = T>
    requires detail::atomic_integral<D> || std::is_pointer_v<D>
  T operator--(int) {
    return fetch_sub(1, seq_cst, loc{});
  }
  template <class D = T>
    requires detail::atomic_arithmetic<D> || std::is_pointer_v<D>
  T operator+=(typename detail::atomic_difference<D>::difference_type arg) {
    return static_cast<T>(fetch_add(arg, seq_cst, loc{}) + arg);
  }
  template <class D = T>
    requires detail::atomic_arithmetic<D> || std::is_pointer_v<D>
  T operator-=(typename detail::atomic_difference<D>::difference_type arg) {
    return static_cast<T>(fetch_sub(arg, seq_cst, loc{}) - arg);
  }
  template <class D = T>
    requires detail::atomic_integral<D>
  T operator&=(T arg) {
    return static_cast<T>(fetch_and(arg, seq_cst, loc{}) & arg);
  }
  template <class D = T>
    requires detail::atomic_integral<D>
  T operator|=(T arg) {
    return static_cast<T>(fetch_or(arg, seq_cst, loc{}) | arg);
  }
  template <class D = T>
    requires detail::atomic_integral<D>
  T operator^=(T arg) {
    return static_cast<T>(fetch_xor(arg, seq_cst, loc{}) ^ arg);
  }

 private:
  // The failure order std derives from a single order: no release part.
  static constexpr order failure_order(order o) noexcept {
    return o == std::memory_order_acq_rel ? std::memory_order_acquire
           : o == std::memory_order_release ? std::memory_order_relaxed
                                            : o;
  }

  template <class F>
  T modify(order o, loc where, F f) {
    const bool tracked = core_.before(detail::op::fetch_modify, where);
    const T old = value_;
    const T next = f(old);
    if (core_.must_report(tracked, o)) core_.modify(&old, &next, sizeof(T), o, where);
    value_ = next;
    return old;
  }

  T value_;
  mutable detail::atomic_core core_;
};

class atomic_flag {
  using loc = std::source_location;
  using order = std::memory_order;
  static constexpr order seq_cst = std::memory_order_seq_cst;

 public:
  atomic_flag(loc declared = loc::current()) noexcept : core_(declared) {}
  atomic_flag(const atomic_flag&) = delete;
  atomic_flag& operator=(const atomic_flag&) = delete;

  bool test(order o = seq_cst, loc where = loc::current()) const {
    const bool tracked = core_.before(detail::op::load, where);
    bool result = set_;
    if (core_.must_report(tracked, o)) core_.load(&result, sizeof(bool), o, where, &detail::value_text<bool>);
    return result;
  }
  bool test_and_set(order o = seq_cst, loc where = loc::current()) {
    const bool tracked = core_.before(detail::op::exchange, where);
    const bool set = true;
    if (core_.must_report(tracked, o)) core_.modify(&set_, &set, sizeof(bool), o, where);
    const bool was_set = std::exchange(set_, true);
    detail::attempted(!was_set);  // a test_and_set that finds it set is a failed try
    return was_set;
  }
  void clear(order o = seq_cst, loc where = loc::current()) {
    const bool tracked = core_.before(detail::op::store, where);
    const bool cleared = false;
    if (!core_.must_report(tracked, o) || core_.store(&set_, &cleared, sizeof(bool), o, where)) set_ = false;
  }
  void wait(bool old, order = seq_cst, loc where = loc::current()) const {
    core_.wait(&set_, &old, sizeof(bool), where);
  }
  void notify_one(loc where = loc::current()) { core_.notify_one(where); }
  void notify_all(loc where = loc::current()) { core_.notify_all(where); }

 private:
  bool set_ = false;
  mutable detail::atomic_core core_;
};

namespace detail {
void thread_fence(std::memory_order order, std::source_location where);
}  // namespace detail

// A fence: with release, later relaxed stores publish what came before it; with
// acquire, what earlier relaxed loads read is acquired here (ISO C++20 [atomics.fences]);
// seq_cst fences also take their place in the seq_cst order, so that loads after them
// see the stores that precede earlier seq_cst fences ([atomics.order]). A seq_cst fence
// is a scheduling point.
inline void atomic_thread_fence(std::memory_order order, std::source_location where = std::source_location::current()) {
  detail::thread_fence(order, where);
}
// Orders only against a signal handler on the same thread: nothing for weft to do.
inline void atomic_signal_fence(std::memory_order) noexcept {}

WEFT_END_NAMESPACE

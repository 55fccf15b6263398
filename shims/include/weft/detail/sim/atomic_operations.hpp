// The operations weft::atomic<T> and weft::atomic_ref<T> share, in the simulated build.
//
// Every operation is a scheduling point followed by the operation itself, indivisibly.
// The value holds the newest store in modification order; with the C++ memory model
// (options::memory_model, the default) a load may return an older store's value that the
// model allows, and the orders decide which operations synchronize, which is what the
// data-race checks of weft::shared<T> see (scheduler/src/memory/atomic_memory.hpp).
// Operators have no source location (C++ gives them no default arguments); the named
// member functions record the caller's line.
//
// `Derived` says where the value and its simulated state are, per operation:
//   atomic_access<T> access(std::source_location where) const
//   static constexpr bool may_be_outside
// where `core` may be null only if may_be_outside: an object outside any execution, whose
// operation is then std::atomic_ref's on the value, with no scheduling point.
//
// Every operation is const, as atomic_ref's are; so weft::atomic's writes compile on a
// const atomic in the simulated build too (the pass-through build, where it is
// std::atomic, rejects them): C++20 cannot qualify one
// template's member functions by the class that uses them without writing each twice.
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

template <class T>
struct atomic_access {
  T& value;
  atomic_core* core;  // null outside an execution
};

template <class Derived, class T>
class atomic_operations : public atomic_difference<T> {
  static_assert(!std::is_const_v<T>,
                "weft's atomics and atomic_refs are of a non-const T (atomic_ref<const T> is C++26)");
  static_assert(std::is_trivially_copyable_v<T> && std::is_copy_constructible_v<T> &&
                    std::is_move_constructible_v<T> && std::is_copy_assignable_v<T> &&
                    std::is_move_assignable_v<T>,
                "weft's atomics require a trivially copyable T, as std's do");

 protected:
  using loc = std::source_location;
  using order = std::memory_order;
  static constexpr order seq_cst = std::memory_order_seq_cst;

 public:
  using value_type = T;

  T load(order o = seq_cst, loc where = loc::current()) const {
    auto [value, core] = self().access(where);
    if constexpr (Derived::may_be_outside) {
      if (core == nullptr) return std::atomic_ref<T>(value).load(o);
    }
    check_load_order("load", o, where);
    const bool tracked = core->before(op::load, where);
    T result = value;
    if (core->must_report(tracked, o)) core->load(&result, sizeof(T), o, where, &value_text<T>);
    return result;
  }
  void store(T desired, order o = seq_cst, loc where = loc::current()) const {
    auto [value, core] = self().access(where);
    if constexpr (Derived::may_be_outside) {
      if (core == nullptr) return std::atomic_ref<T>(value).store(desired, o);
    }
    check_store_order("store", o, where);
    const bool tracked = core->before(op::store, where);
    if (!core->must_report(tracked, o) || core->store(&value, &desired, sizeof(T), o, where)) value = desired;
  }
  operator T() const { return load(seq_cst, loc{}); }
  T operator=(T desired) const {
    store(desired, seq_cst, loc{});
    return desired;
  }
  T exchange(T desired, order o = seq_cst, loc where = loc::current()) const {
    auto [value, core] = self().access(where);
    if constexpr (Derived::may_be_outside) {
      if (core == nullptr) return std::atomic_ref<T>(value).exchange(desired, o);
    }
    const bool tracked = core->before(op::exchange, where);
    if (core->must_report(tracked, o)) core->modify(&value, &desired, sizeof(T), o, where);
    // Storing what it held already changes nothing: a failed try, as a test_and_set that
    // finds the flag set (`while (locked.exchange(true)) {}` spins).
    attempted(std::memcmp(&value, &desired, sizeof(T)) != 0);
    return std::exchange(value, desired);
  }

  // Compares object representations, as std does, with the newest value.
  bool compare_exchange_strong(T& expected, T desired, order success, order failure,
                               loc where = loc::current()) const {
    return compare_exchange(expected, desired, success, failure, where, false);
  }
  bool compare_exchange_strong(T& expected, T desired, order o = seq_cst, loc where = loc::current()) const {
    return compare_exchange(expected, desired, o, failure_order(o), where, false);
  }
  // The same, except that it may fail although the values compare equal (under
  // memory_model::c11, at the strategy's choice: atomic_core::fails_spuriously).
  bool compare_exchange_weak(T& expected, T desired, order s, order f, loc where = loc::current()) const {
    return compare_exchange(expected, desired, s, f, where, true);
  }
  bool compare_exchange_weak(T& expected, T desired, order o = seq_cst, loc where = loc::current()) const {
    return compare_exchange(expected, desired, o, failure_order(o), where, true);
  }

  void wait(T old, order o = seq_cst, loc where = loc::current()) const {
    auto [value, core] = self().access(where);
    if constexpr (Derived::may_be_outside) {
      if (core == nullptr) return std::atomic_ref<T>(value).wait(old, o);
    }
    check_load_order("wait", o, where);
    core->wait(&value, &old, sizeof(T), o, where);
  }
  void notify_one(loc where = loc::current()) const {
    auto [value, core] = self().access(where);
    if constexpr (Derived::may_be_outside) {
      if (core == nullptr) return std::atomic_ref<T>(value).notify_one();
    }
    core->notify_one(where);
  }
  void notify_all(loc where = loc::current()) const {
    auto [value, core] = self().access(where);
    if constexpr (Derived::may_be_outside) {
      if (core == nullptr) return std::atomic_ref<T>(value).notify_all();
    }
    core->notify_all(where);
  }

  // Arithmetic (integral and floating point) and pointer operations.
  template <class D = T>
    requires atomic_arithmetic<D> || std::is_pointer_v<D>
  T fetch_add(typename atomic_difference<D>::difference_type arg, order o = seq_cst, loc where = loc::current()) const {
    return modify(o, where, [arg](T v) { return static_cast<T>(v + arg); });
  }
  template <class D = T>
    requires atomic_arithmetic<D> || std::is_pointer_v<D>
  T fetch_sub(typename atomic_difference<D>::difference_type arg, order o = seq_cst, loc where = loc::current()) const {
    return modify(o, where, [arg](T v) { return static_cast<T>(v - arg); });
  }
  template <class D = T>
    requires atomic_integral<D>
  T fetch_and(T arg, order o = seq_cst, loc where = loc::current()) const {
    return modify(o, where, [arg](T v) { return static_cast<T>(v & arg); });
  }
  template <class D = T>
    requires atomic_integral<D>
  T fetch_or(T arg, order o = seq_cst, loc where = loc::current()) const {
    return modify(o, where, [arg](T v) { return static_cast<T>(v | arg); });
  }
  template <class D = T>
    requires atomic_integral<D>
  T fetch_xor(T arg, order o = seq_cst, loc where = loc::current()) const {
    return modify(o, where, [arg](T v) { return static_cast<T>(v ^ arg); });
  }

  template <class D = T>
    requires atomic_integral<D> || std::is_pointer_v<D>
  T operator++() const {
    return static_cast<T>(fetch_add(1, seq_cst, loc{}) + 1);
  }
  template <class D = T>
    requires atomic_integral<D> || std::is_pointer_v<D>
  T operator++(int) const {
    return fetch_add(1, seq_cst, loc{});
  }
  template <class D = T>
    requires atomic_integral<D> || std::is_pointer_v<D>
  T operator--() const {
    return static_cast<T>(fetch_sub(1, seq_cst, loc{}) - 1);
  }
  template <class D = T>
    requires atomic_integral<D> || std::is_pointer_v<D>
  T operator--(int) const {
    return fetch_sub(1, seq_cst, loc{});
  }
  template <class D = T>
    requires atomic_arithmetic<D> || std::is_pointer_v<D>
  T operator+=(typename atomic_difference<D>::difference_type arg) const {
    return static_cast<T>(fetch_add(arg, seq_cst, loc{}) + arg);
  }
  template <class D = T>
    requires atomic_arithmetic<D> || std::is_pointer_v<D>
  T operator-=(typename atomic_difference<D>::difference_type arg) const {
    return static_cast<T>(fetch_sub(arg, seq_cst, loc{}) - arg);
  }
  template <class D = T>
    requires atomic_integral<D>
  T operator&=(T arg) const {
    return static_cast<T>(fetch_and(arg, seq_cst, loc{}) & arg);
  }
  template <class D = T>
    requires atomic_integral<D>
  T operator|=(T arg) const {
    return static_cast<T>(fetch_or(arg, seq_cst, loc{}) | arg);
  }
  template <class D = T>
    requires atomic_integral<D>
  T operator^=(T arg) const {
    return static_cast<T>(fetch_xor(arg, seq_cst, loc{}) ^ arg);
  }

 private:
  const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }

  // Both compare-exchanges: a scheduling point, then `desired` stored if the newest value's
  // bytes equal `expected`'s (and, when `weak`, the strategy does not fail it spuriously),
  // else `expected` set to the newest value; the memory model hears of a read-modify-write
  // with `success` or a load with `failure`. May throw execution_aborted.
  bool compare_exchange(T& expected, T desired, order success, order failure, loc where, bool weak) const {
    auto [value, core] = self().access(where);
    if constexpr (Derived::may_be_outside) {
      if (core == nullptr) {
        std::atomic_ref<T> outside(value);
        return weak ? outside.compare_exchange_weak(expected, desired, success, failure)
                    : outside.compare_exchange_strong(expected, desired, success, failure);
      }
    }
    check_load_order("compare_exchange's failure", failure, where);
    const bool tracked = core->before(op::compare_exchange, where);
    const bool exchanged =
        std::memcmp(&value, &expected, sizeof(T)) == 0 && !(weak && core->fails_spuriously(where));
    if (exchanged) {
      if (core->must_report(tracked, success)) core->modify(&value, &desired, sizeof(T), success, where);
      value = desired;
    } else {
      if (core->must_report(tracked, failure)) core->load_newest(&value, sizeof(T), failure);
      expected = value;
    }
    attempted(exchanged);
    return exchanged;
  }

  template <class F>
  T modify(order o, loc where, F f) const {
    auto [value, core] = self().access(where);
    if constexpr (Derived::may_be_outside) {
      if (core == nullptr) {
        std::atomic_ref<T> outside(value);
        T old = outside.load(std::memory_order_relaxed);
        while (!outside.compare_exchange_weak(old, f(old), o, std::memory_order_relaxed)) {
        }
        return old;
      }
    }
    const bool tracked = core->before(op::fetch_modify, where);
    const T old = value;
    const T next = f(old);
    if (core->must_report(tracked, o)) core->modify(&old, &next, sizeof(T), o, where);
    value = next;
    return old;
  }
};

}  // namespace detail
WEFT_END_NAMESPACE

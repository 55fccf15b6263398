// weft::atomic<T> and weft::atomic_flag in the simulated build (their operations and
// what a scheduling point of theirs does: atomic_operations.hpp).
#pragma once

#include <atomic>
#include <source_location>
#include <type_traits>
#include <utility>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/atomic_core.hpp>
#include <weft/detail/sim/atomic_operations.hpp>

WEFT_BEGIN_NAMESPACE

template <class T>
class atomic : public detail::atomic_operations<atomic<T>, T> {
  using operations = detail::atomic_operations<atomic<T>, T>;
  friend operations;
  using loc = std::source_location;

 public:
  static constexpr bool is_always_lock_free = std::atomic<T>::is_always_lock_free;

  atomic(detail::call_site declared = {}) noexcept(std::is_nothrow_default_constructible_v<T>)
      : value_(), core_(declared) {}
  atomic(T desired, detail::call_site declared = {}) noexcept : value_(desired), core_(declared) {}
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;
  // Not the base's const one: `a = v` would then be ambiguous with the deleted copy
  // assignment from an atomic made of v.
  T operator=(T desired) { return operations::operator=(desired); }

  bool is_lock_free() const noexcept { return is_always_lock_free; }

 private:
  // Outside an execution too, its operations go through core_ (which lets them through).
  static constexpr bool may_be_outside = false;
  detail::atomic_access<T> access(loc) const noexcept { return {value_, &core_}; }

  mutable T value_;
  mutable detail::atomic_core core_;
};

class atomic_flag {
  using loc = std::source_location;
  using order = std::memory_order;
  static constexpr order seq_cst = std::memory_order_seq_cst;

 public:
  atomic_flag(detail::call_site declared = {}) noexcept : core_(declared) {}
  // What ATOMIC_FLAG_INIT ({0}) initializes with: `atomic_flag f = ATOMIC_FLAG_INIT;`.
  atomic_flag(bool set, detail::call_site declared = {}) noexcept : set_(set), core_(declared) {}
  atomic_flag(const atomic_flag&) = delete;
  atomic_flag& operator=(const atomic_flag&) = delete;

  bool test(order o = seq_cst, loc where = loc::current()) const {
    detail::check_load_order("test", o, where);
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
    detail::check_store_order("clear", o, where);
    const bool tracked = core_.before(detail::op::store, where);
    const bool cleared = false;
    if (!core_.must_report(tracked, o) || core_.store(&set_, &cleared, sizeof(bool), o, where)) set_ = false;
  }
  void wait(bool old, order o = seq_cst, loc where = loc::current()) const {
    detail::check_load_order("wait", o, where);
    core_.wait(&set_, &old, sizeof(bool), o, where);
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

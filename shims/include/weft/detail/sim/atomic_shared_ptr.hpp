// weft::atomic<std::shared_ptr<T>> in the simulated build (ISO C++20
// [util.smartptr.atomic.shared]), and the refusal of atomic<std::weak_ptr<T>>.
//
// One atomic object, totally ordered: every operation is a scheduling point followed by
// the operation itself, indivisibly; a load reads the newest store and a store goes last
// in modification order (the memory model offers no older value: a shared_ptr is not bytes
// it could keep). The memory orders give the happens-before edges they give any atomic's
// operations, which is what the data-race checks of weft::shared<T> see. Two values are
// equal when they store the same pointer and share ownership (or are both empty), as std
// compares them: two shared_ptrs aliasing one pointer with different owners are not.
// Operators have no source location (C++ gives them no default arguments); the named
// member functions record the caller's line.
//
// The shared_ptr a store, exchange or compare-exchange drops (the atomic's old value, a
// failed compare-exchange's old `expected`) is destroyed after the operation, outside it:
// its deleter may use weft's shims.
#pragma once

#include <atomic>
#include <memory>
#include <source_location>
#include <utility>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/atomic.hpp>
#include <weft/detail/sim/atomic_core.hpp>

WEFT_BEGIN_NAMESPACE

template <class T>
class atomic<std::shared_ptr<T>> {
  using loc = std::source_location;
  using order = std::memory_order;
  static constexpr order seq_cst = std::memory_order_seq_cst;

 public:
  using value_type = std::shared_ptr<T>;
  // Not lock-free, as libstdc++'s is not.
  static constexpr bool is_always_lock_free = false;

  atomic(detail::call_site declared = {}) noexcept : core_(declared) {}
  atomic(std::shared_ptr<T> desired, detail::call_site declared = {}) noexcept
      : value_(std::move(desired)), core_(declared) {}
  atomic(const atomic&) = delete;
  void operator=(const atomic&) = delete;
  void operator=(std::shared_ptr<T> desired) { store(std::move(desired), seq_cst, loc{}); }
  operator std::shared_ptr<T>() const { return load(seq_cst, loc{}); }

  bool is_lock_free() const noexcept { return is_always_lock_free; }

  // Operations that are scheduling points may throw execution_aborted (the execution is
  // torn down), as every weft atomic's.
  std::shared_ptr<T> load(order o = seq_cst, loc where = loc::current()) const {
    detail::check_load_order("load", o, where);
    const bool tracked = core_.before(detail::op::load, where);
    if (core_.must_report(tracked, o)) core_.load_newest(nullptr, 0, o);
    return value_;
  }
  void store(std::shared_ptr<T> desired, order o = seq_cst, loc where = loc::current()) {
    detail::check_store_order("store", o, where);
    const bool tracked = core_.before(detail::op::store, where);
    if (core_.must_report(tracked, o)) core_.store_last(o, where);
    value_.swap(desired);  // `desired`, the old value now, goes when the call returns
  }
  std::shared_ptr<T> exchange(std::shared_ptr<T> desired, order o = seq_cst, loc where = loc::current()) {
    const bool tracked = core_.before(detail::op::exchange, where);
    if (core_.must_report(tracked, o)) core_.modify(nullptr, nullptr, 0, o, where);
    // Storing what it held already changes nothing: a failed try, as atomic<T>'s.
    detail::attempted(!equal(value_, desired));
    value_.swap(desired);
    return desired;
  }

  // Compares with the newest value, by pointer and owner.
  bool compare_exchange_strong(std::shared_ptr<T>& expected, std::shared_ptr<T> desired, order success,
                               order failure, loc where = loc::current()) {
    return compare_exchange(expected, std::move(desired), success, failure, where, false);
  }
  bool compare_exchange_strong(std::shared_ptr<T>& expected, std::shared_ptr<T> desired, order o = seq_cst,
                               loc where = loc::current()) {
    return compare_exchange(expected, std::move(desired), o, detail::failure_order(o), where, false);
  }
  // The same, except that it may fail although the values compare equal (under
  // memory_model::c11, at the strategy's choice: atomic_core::fails_spuriously).
  bool compare_exchange_weak(std::shared_ptr<T>& expected, std::shared_ptr<T> desired, order s, order f,
                             loc where = loc::current()) {
    return compare_exchange(expected, std::move(desired), s, f, where, true);
  }
  bool compare_exchange_weak(std::shared_ptr<T>& expected, std::shared_ptr<T> desired, order o = seq_cst,
                             loc where = loc::current()) {
    return compare_exchange(expected, std::move(desired), o, detail::failure_order(o), where, true);
  }

  // Blocks while the value equals `old` (by pointer and owner); returns after a load with
  // `o` that read another value. Spurious wakeups (a strategy choice) are harmless.
  void wait(std::shared_ptr<T> old, order o = seq_cst, loc where = loc::current()) const {
    detail::check_load_order("wait", o, where);
    const waiting subject{this, &old};
    core_.wait(&unchanged, &subject, o, where);
  }
  void notify_one(loc where = loc::current()) { core_.notify_one(where); }
  void notify_all(loc where = loc::current()) { core_.notify_all(where); }

 private:
  // Both compare-exchanges: a scheduling point, then `desired` stored if the value is
  // `expected` (same pointer and owner; and, when `weak`, the strategy does not fail it
  // spuriously), else `expected` set to the value. Whatever is dropped is destroyed when
  // the call returns. May throw execution_aborted.
  bool compare_exchange(std::shared_ptr<T>& expected, std::shared_ptr<T> desired, order success, order failure,
                        loc where, bool weak) {
    detail::check_load_order("compare_exchange's failure", failure, where);
    const bool tracked = core_.before(detail::op::compare_exchange, where);
    const bool exchanged = equal(value_, expected) && !(weak && core_.fails_spuriously(where));
    if (exchanged) {
      if (core_.must_report(tracked, success)) core_.modify(nullptr, nullptr, 0, success, where);
      value_.swap(desired);  // `desired`, the old value now, goes when the call returns
    } else {
      if (core_.must_report(tracked, failure)) core_.load_newest(nullptr, 0, failure);
      desired = std::exchange(expected, value_);  // the old `expected` goes when the call returns
    }
    detail::attempted(exchanged);
    return exchanged;
  }
  struct waiting {
    const atomic* self;
    const std::shared_ptr<T>* old;
  };
  static bool unchanged(const void* subject) noexcept {
    const auto& w = *static_cast<const waiting*>(subject);
    return equal(w.self->value_, *w.old);
  }
  // [util.smartptr.atomic.shared]: the same pointer, and shared ownership or both empty.
  static bool equal(const std::shared_ptr<T>& a, const std::shared_ptr<T>& b) noexcept {
    return a == b && !a.owner_before(b) && !b.owner_before(a);
  }
  std::shared_ptr<T> value_;
  mutable detail::atomic_core core_;
};

// std's compares a weak_ptr's stored pointer, which a weak_ptr does not show once its
// object is gone: weft cannot compare them as std does.
template <class T>
class atomic<std::weak_ptr<T>> {
  static_assert(sizeof(T*) == 0,
                "weft::atomic<std::weak_ptr<T>> is not simulated (weft cannot read a weak_ptr's stored pointer, "
                "which its compare_exchange compares): use weft::atomic<std::shared_ptr<T>> or a weft::mutex");
};

WEFT_END_NAMESPACE

// weft::notify_all_at_thread_exit in the simulated build (ISO C++20
// [thread.condition.nonmember]).
#pragma once

#include <memory>
#include <mutex>
#include <source_location>
#include <utility>

#include <weft/detail/sim/condition_variable.hpp>
#include <weft/detail/sim/mutex.hpp>
#include <weft/detail/sim/runtime.hpp>
#include <weft/detail/sim/thread_core.hpp>

WEFT_BEGIN_NAMESPACE

// Keeps `lock`'s mutex locked until the calling thread ends; then, after its
// thread_specific values are destroyed, notifies every waiter of `cond` and unlocks the
// mutex, in that order (LWG 3343, as libc++ does: unlocking first would let a waiter wake,
// return and destroy `cond` before the notify). Both are at `where` in the trace, the
// notify a scheduling point; what the thread did happens before what a waiter does once
// it holds the mutex again.
//
// The caller must hold `lock`'s mutex (else: misuse, and nothing is registered) and keep
// `cond` alive until its thread ends (a use after destruction is reported). Blocks on
// nothing. Outside an exploration throws weft::usage_error; may throw execution_aborted.
inline void notify_all_at_thread_exit(condition_variable& cond, std::unique_lock<mutex> lock,
                                      std::source_location where = std::source_location::current()) {
  if (!lock.owns_lock()) {
    detail::misuse("weft::notify_all_at_thread_exit with a lock that does not hold its mutex (undefined behaviour)",
                   where);
    return;
  }
  struct notification {
    condition_variable& cond;
    std::unique_lock<mutex> lock;
    std::source_location where;
  };
  auto pending = std::make_unique<notification>(cond, std::move(lock), where);
  detail::after_thread_exit(
      [](void* object, detail::thread_index) {
        // If the notify throws (the execution is torn down), the lock unlocks as it unwinds.
        const std::unique_ptr<notification> n(static_cast<notification*>(object));
        n->cond.notify_all(n->where);
        n->lock.unlock(n->where);
      },
      pending.get(), "weft::notify_all_at_thread_exit");
  (void)pending.release();  // the hook owns it now
}

WEFT_END_NAMESPACE

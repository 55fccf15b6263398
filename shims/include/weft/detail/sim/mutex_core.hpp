// Simulated state shared by weft's mutex types (plain, recursive, shared).
#pragma once

#include <cstdint>
#include <source_location>

#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

class condvar_core;

class mutex_core {
 public:
  mutex_core(object_kind kind, std::source_location declared) noexcept
      : object_(kind, declared) {}
  // Destroying a mutex that a live thread holds is reported as misuse.
  ~mutex_core();

  // Exclusive ownership. lock() blocks while another thread holds the mutex (or any
  // reader holds it shared); locking a non-recursive mutex twice from one thread is
  // reported as misuse. May throw execution_aborted.
  void lock(std::source_location where);
  bool try_lock(std::source_location where);
  // Like lock(), but gives up at `deadline` (virtual time); the strategy may also make it
  // give up early. Returns whether it locked.
  bool try_lock_until(virtual_time deadline, std::source_location where);
  // Never switches threads, and never throws inside an exploration, so it is safe in
  // destructors there. Unlocking a mutex the caller does not hold is reported as misuse
  // (outside an exploration: weft::usage_error).
  void unlock(std::source_location where);

  // Shared ownership (shared_mutex only).
  void lock_shared(std::source_location where);
  // Like lock_shared(), but gives up at `deadline` (virtual time; the strategy may make it
  // give up early). Returns whether it locked. Outside an exploration it never waits.
  bool lock_shared_until(virtual_time deadline, std::source_location where);
  bool try_lock_shared(std::source_location where);
  void unlock_shared(std::source_location where);

  // Whether the running simulated thread holds it exclusively (for POSIX's one unlock of
  // read-write locks).
  bool held_by_running_thread() const noexcept;

  sim_object& object() noexcept { return object_; }

 private:
  friend class condvar_core;

  bool recursive() const noexcept {
    return object_.kind() == object_kind::recursive_mutex || object_.kind() == object_kind::recursive_timed_mutex;
  }
  // Forgets an earlier execution's state at the first touch in this one. False if the
  // mutex was destroyed (the execution has failed): it must not be touched.
  bool refresh(std::source_location where) noexcept;
  // Takes ownership, waiting (until `deadline`) while another thread holds the mutex.
  // Returns false if it gave up: timed out, misused, or torn down (see `gave_up`).
  bool acquire_or_wait(op what, std::source_location where, virtual_time deadline = no_deadline,
                       wake_reason* gave_up = nullptr);
  // The running thread takes the free mutex (depth 1); the others wait for the next unlock.
  void take(std::source_location where);
  // lock() and unlock() outside an execution, and an unlock by a thread that does not
  // hold the mutex: out of the hot calls' frames.
  void lock_outside(std::source_location where);
  // What lock() does after its scheduling point; `self` is the mutex_core. Run by the
  // execution at the end of the point (execution::point_then).
  static void lock_after_point(void* self, std::source_location where);
  void unlock_outside(std::source_location where);
  void unlock_not_held(std::source_location where);
  // Releases ownership entirely (used by condition_variable::wait); returns the depth. The
  // waiter's next step once woken is reacquire_after_wait: until then strategies are not
  // offered it while another thread owns the mutex (execution::about_to_lock).
  std::uint32_t release_for_wait() noexcept;
  void reacquire_after_wait(std::uint32_t depth, std::source_location where);

  sim_object object_;
  thread_index owner_ = no_thread;
  std::uint32_t depth_ = 0;
  std::uint32_t readers_ = 0;
  wait_queue waiters_;
};

}  // namespace detail
WEFT_END_NAMESPACE

// Simulated state of a condition variable.
#pragma once

#include <source_location>

#include <weft/detail/sim/mutex_core.hpp>
#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

class condvar_core {
 public:
  explicit condvar_core(std::source_location declared) noexcept
      : object_(object_kind::condition_variable, declared) {}
  // Destroying a condition variable that threads wait on is reported as misuse.
  ~condvar_core();

  // Atomically releases `held` (which the caller must own) and blocks until notified or
  // woken spuriously (a choice the strategy makes), then reacquires `held`. Waiting with
  // a mutex the caller does not own, or with another mutex than threads already waiting
  // use (undefined behaviour in std and POSIX), is reported as misuse. May throw
  // execution_aborted.
  // With a deadline, returns timed_out if it passed (or was fired early) first.
  wake_reason wait(mutex_core& held, std::source_location where, virtual_time deadline = no_deadline);

  // The same wait in three steps, for locks weft does not know (condition_variable_any):
  // begin_wait() is the scheduling point and registers the caller as a waiter, so a
  // notify that follows it is never lost; the caller then unlocks its lock without a
  // scheduling point in between, calls sleep(), and relocks. cancel_wait() withdraws a
  // registration (a stop request seen before sleeping). sleep() ends on a notify, at
  // `deadline`, or when a stop is requested on `stop`.
  void begin_wait(std::source_location where);
  wake_reason sleep(std::source_location where, virtual_time deadline = no_deadline,
                    const std::stop_token* stop = nullptr);
  void cancel_wait() noexcept;

  // Which waiter a notify_one wakes is a choice of the strategy.
  void notify_one(std::source_location where);
  void notify_all(std::source_location where);

 private:
  sim_object object_;
  wait_queue waiters_;
  // The mutex the threads waiting through wait() use; meaningful while any waits.
  const mutex_core* waiters_mutex_ = nullptr;
};

}  // namespace detail
WEFT_END_NAMESPACE

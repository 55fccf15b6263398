// weft::condition_variable and condition_variable_any in the simulated build.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <source_location>
#include <stop_token>
#include <system_error>
#include <type_traits>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/chrono.hpp>
#include <weft/detail/sim/condvar_core.hpp>
#include <weft/detail/sim/mutex.hpp>

WEFT_BEGIN_NAMESPACE

using std::cv_status;

namespace detail {
// As std's timed waits return: timeout when the deadline has passed, even if the wait
// ended otherwise (a notify at the deadline, a spurious wakeup after it).
inline cv_status wait_status(wake_reason woke, virtual_time deadline) noexcept {
  return woke == wake_reason::timed_out || (deadline != no_deadline && now() >= deadline) ? cv_status::timeout
                                                                                          : cv_status::no_timeout;
}
}  // namespace detail

class condition_variable {
 public:
  condition_variable(detail::call_site declared = {}) noexcept
      : core_(declared) {}
  condition_variable(const condition_variable&) = delete;
  condition_variable& operator=(const condition_variable&) = delete;

  void notify_one(std::source_location where = std::source_location::current()) { core_.notify_one(where); }
  void notify_all(std::source_location where = std::source_location::current()) { core_.notify_all(where); }

  // The lock must hold a mutex the calling thread owns (else: misuse). May wake
  // spuriously, as std allows; use the predicate overload.
  void wait(std::unique_lock<mutex>& lock, std::source_location where = std::source_location::current()) {
    core_.wait(held(lock), where);
  }
  template <class Predicate>
  void wait(std::unique_lock<mutex>& lock, Predicate stop_waiting,
            std::source_location where = std::source_location::current()) {
    while (!stop_waiting()) wait(lock, where);
  }

  // Timed waits: the deadline is virtual time; the strategy may also fire it early.
  template <class Rep, class Period>
  cv_status wait_for(std::unique_lock<mutex>& lock, const std::chrono::duration<Rep, Period>& d,
                     std::source_location where = std::source_location::current()) {
    return wait_until_deadline(lock, detail::deadline_after(d), where);
  }
  template <class Rep, class Period, class Predicate>
  bool wait_for(std::unique_lock<mutex>& lock, const std::chrono::duration<Rep, Period>& d,
                Predicate stop_waiting, std::source_location where = std::source_location::current()) {
    return wait_until_deadline(lock, detail::deadline_after(d), stop_waiting, where);
  }
  template <class Clock, class Duration>
  cv_status wait_until(std::unique_lock<mutex>& lock, const std::chrono::time_point<Clock, Duration>& t,
                       std::source_location where = std::source_location::current()) {
    return wait_until_deadline(lock, detail::deadline_at(t), where);
  }
  template <class Clock, class Duration, class Predicate>
  bool wait_until(std::unique_lock<mutex>& lock, const std::chrono::time_point<Clock, Duration>& t,
                  Predicate stop_waiting, std::source_location where = std::source_location::current()) {
    return wait_until_deadline(lock, detail::deadline_at(t), stop_waiting, where);
  }

 private:
  cv_status wait_until_deadline(std::unique_lock<mutex>& lock, detail::virtual_time deadline,
                                std::source_location where) {
    return detail::wait_status(core_.wait(held(lock), where, deadline), deadline);
  }
  template <class Predicate>
  bool wait_until_deadline(std::unique_lock<mutex>& lock, detail::virtual_time deadline, Predicate& stop_waiting,
                           std::source_location where) {
    while (!stop_waiting()) {
      if (wait_until_deadline(lock, deadline, where) == cv_status::timeout) return stop_waiting();
    }
    return true;
  }

  static detail::mutex_core& held(std::unique_lock<mutex>& lock) {
    if (lock.mutex() == nullptr) throw std::system_error(std::make_error_code(std::errc::operation_not_permitted));
    return lock.mutex()->core_;
  }
  detail::condvar_core core_;
};

// Works with any BasicLockable. Waits are registered before the lock is released, so a
// notify between the two is never lost.
class condition_variable_any {
 public:
  condition_variable_any(detail::call_site declared = {}) noexcept
      : core_(declared) {}
  condition_variable_any(const condition_variable_any&) = delete;
  condition_variable_any& operator=(const condition_variable_any&) = delete;

  void notify_one(std::source_location where = std::source_location::current()) { core_.notify_one(where); }
  void notify_all(std::source_location where = std::source_location::current()) { core_.notify_all(where); }

  template <class Lock>
  void wait(Lock& lock, std::source_location where = std::source_location::current()) {
    wait_once(lock, nullptr, detail::no_deadline, where);
  }
  template <class Lock, class Predicate>
  void wait(Lock& lock, Predicate stop_waiting,
            std::source_location where = std::source_location::current()) {
    while (!stop_waiting()) wait(lock, where);
  }

  // Returns when stop_waiting() holds or a stop is requested; returns stop_waiting().
  template <class Lock, class Predicate>
  bool wait(Lock& lock, std::stop_token stop, Predicate stop_waiting,
            std::source_location where = std::source_location::current()) {
    return wait_until_deadline(lock, &stop, detail::no_deadline, stop_waiting, where);
  }

  template <class Lock, class Rep, class Period>
  cv_status wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& d,
                     std::source_location where = std::source_location::current()) {
    const detail::virtual_time deadline = detail::deadline_after(d);
    return detail::wait_status(wait_once(lock, nullptr, deadline, where), deadline);
  }
  template <class Lock, class Clock, class Duration>
  cv_status wait_until(Lock& lock, const std::chrono::time_point<Clock, Duration>& t,
                       std::source_location where = std::source_location::current()) {
    const detail::virtual_time deadline = detail::deadline_at(t);
    return detail::wait_status(wait_once(lock, nullptr, deadline, where), deadline);
  }
  template <class Lock, class Rep, class Period, class Predicate>
  bool wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& d, Predicate stop_waiting,
                std::source_location where = std::source_location::current()) {
    return wait_until_deadline(lock, nullptr, detail::deadline_after(d), stop_waiting, where);
  }
  template <class Lock, class Clock, class Duration, class Predicate>
  bool wait_until(Lock& lock, const std::chrono::time_point<Clock, Duration>& t, Predicate stop_waiting,
                  std::source_location where = std::source_location::current()) {
    return wait_until_deadline(lock, nullptr, detail::deadline_at(t), stop_waiting, where);
  }
  template <class Lock, class Rep, class Period, class Predicate>
  bool wait_for(Lock& lock, std::stop_token stop, const std::chrono::duration<Rep, Period>& d,
                Predicate stop_waiting, std::source_location where = std::source_location::current()) {
    return wait_until_deadline(lock, &stop, detail::deadline_after(d), stop_waiting, where);
  }
  template <class Lock, class Clock, class Duration, class Predicate>
  bool wait_until(Lock& lock, std::stop_token stop, const std::chrono::time_point<Clock, Duration>& t,
                  Predicate stop_waiting, std::source_location where = std::source_location::current()) {
    return wait_until_deadline(lock, &stop, detail::deadline_at(t), stop_waiting, where);
  }

 private:
  // One wait: registered before the lock is released, relocked on every way out.
  template <class Lock>
  detail::wake_reason wait_once(Lock& lock, const std::stop_token* stop, detail::virtual_time deadline,
                                std::source_location where) {
    core_.begin_wait(where);
    if (stop != nullptr) detail::holds_stop_token(*stop);
    if (stop != nullptr && stop->stop_requested()) {
      core_.cancel_wait();
      return detail::wake_reason::stopped;
    }
    unlock(lock, where);
    relock_on_exit<Lock> relock{lock, where};
    return core_.sleep(where, deadline, stop);
  }
  template <class Lock, class Predicate>
  bool wait_until_deadline(Lock& lock, const std::stop_token* stop, detail::virtual_time deadline,
                           Predicate& stop_waiting, std::source_location where) {
    while (!stop_waiting()) {
      const detail::wake_reason woke = wait_once(lock, stop, deadline, where);
      if (woke == detail::wake_reason::timed_out || woke == detail::wake_reason::stopped) return stop_waiting();
    }
    return true;
  }

  template <class Lock>
  static void unlock(Lock& lock, std::source_location where) {
    if constexpr (requires { lock.unlock(where); }) {
      lock.unlock(where);
    } else {
      lock.unlock();
    }
  }
  template <class Lock>
  struct relock_on_exit {
    Lock& lock;
    std::source_location where;
    ~relock_on_exit() noexcept(false) {
      if constexpr (requires { lock.lock(where); }) {
        lock.lock(where);
      } else {
        lock.lock();
      }
    }
  };

  detail::condvar_core core_;
};

WEFT_END_NAMESPACE

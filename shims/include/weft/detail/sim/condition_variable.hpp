// weft::condition_variable and condition_variable_any in the simulated build.
#pragma once

#include <condition_variable>
#include <mutex>
#include <source_location>
#include <stop_token>
#include <system_error>
#include <type_traits>

#include <weft/detail/sim/condvar_core.hpp>
#include <weft/detail/sim/mutex.hpp>

WEFT_BEGIN_NAMESPACE

using std::cv_status;

class condition_variable {
 public:
  condition_variable(std::source_location declared = std::source_location::current()) noexcept
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

 private:
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
  condition_variable_any(std::source_location declared = std::source_location::current()) noexcept
      : core_(declared) {}
  condition_variable_any(const condition_variable_any&) = delete;
  condition_variable_any& operator=(const condition_variable_any&) = delete;

  void notify_one(std::source_location where = std::source_location::current()) { core_.notify_one(where); }
  void notify_all(std::source_location where = std::source_location::current()) { core_.notify_all(where); }

  template <class Lock>
  void wait(Lock& lock, std::source_location where = std::source_location::current()) {
    core_.begin_wait(where);
    unlock(lock, where);
    relock_on_exit<Lock> relock{lock, where};
    core_.sleep(where);
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
    std::stop_callback wake(stop, [this] { core_.wake_all_quietly(); });
    while (!stop_waiting()) {
      core_.begin_wait(where);
      if (stop.stop_requested()) {
        core_.cancel_wait();
        return stop_waiting();
      }
      unlock(lock, where);
      relock_on_exit<Lock> relock{lock, where};
      core_.sleep(where);
    }
    return true;
  }

 private:
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

// weft::mutex, recursive_mutex and shared_mutex in the simulated build.
#pragma once

#include <chrono>
#include <source_location>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/chrono.hpp>
#include <weft/detail/sim/locks.hpp>
#include <weft/detail/sim/mutex_core.hpp>

WEFT_BEGIN_NAMESPACE

class condition_variable;

// Every lock and try_lock is a scheduling point; unlock never switches threads (it only
// matters to threads that will lock next, and they get their turn at their own points).
template <detail::object_kind Kind>
class basic_mutex {
 public:
  basic_mutex(detail::call_site declared = {}) noexcept
      : core_(Kind, declared) {}
  basic_mutex(const basic_mutex&) = delete;
  basic_mutex& operator=(const basic_mutex&) = delete;

  void lock(std::source_location where = std::source_location::current()) { core_.lock(where); }
  bool try_lock(std::source_location where = std::source_location::current()) {
    return core_.try_lock(where);
  }
  // Never throws inside an exploration; outside one, unlocking a mutex that is not
  // locked throws weft::usage_error (as every misuse outside an exploration does).
  void unlock(std::source_location where = std::source_location::current()) { core_.unlock(where); }

  // Timed mutexes only. The strategy may make a wait give up before its deadline.
  template <class Rep, class Period>
    requires(Kind == detail::object_kind::timed_mutex || Kind == detail::object_kind::recursive_timed_mutex)
  bool try_lock_for(const std::chrono::duration<Rep, Period>& d,
                    std::source_location where = std::source_location::current()) {
    return core_.try_lock_until(detail::deadline_after(d), where);
  }
  template <class Clock, class Duration>
    requires(Kind == detail::object_kind::timed_mutex || Kind == detail::object_kind::recursive_timed_mutex)
  bool try_lock_until(const std::chrono::time_point<Clock, Duration>& t,
                      std::source_location where = std::source_location::current()) {
    return core_.try_lock_until(detail::deadline_at(t), where);
  }

 private:
  friend class condition_variable;
  detail::mutex_core core_;
};

using mutex = basic_mutex<detail::object_kind::mutex>;
using recursive_mutex = basic_mutex<detail::object_kind::recursive_mutex>;
using timed_mutex = basic_mutex<detail::object_kind::timed_mutex>;
using recursive_timed_mutex = basic_mutex<detail::object_kind::recursive_timed_mutex>;

WEFT_END_NAMESPACE

WEFT_DETAIL_LOCATED_LOCKS(weft::mutex)
WEFT_DETAIL_LOCATED_LOCKS(weft::recursive_mutex)
WEFT_DETAIL_LOCATED_LOCKS(weft::timed_mutex)
WEFT_DETAIL_LOCATED_LOCKS(weft::recursive_timed_mutex)

// weft::counting_semaphore and binary_semaphore in the simulated build.
#pragma once

#include <chrono>
#include <cstddef>
#include <limits>
#include <source_location>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/chrono.hpp>
#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

class semaphore_core {
 public:
  // 0 <= initial <= max, else std::invalid_argument.
  semaphore_core(std::ptrdiff_t initial, std::ptrdiff_t max, std::source_location declared);
  ~semaphore_core();
  semaphore_core(const semaphore_core&) = delete;
  semaphore_core& operator=(const semaphore_core&) = delete;

  // A scheduling point, then adds `update` (>= 0, and not past max: else misuse) and
  // wakes that many waiters.
  void release(std::ptrdiff_t update, std::source_location where);
  // A scheduling point, then takes one unit, waiting (if `block`, within `limits`) while
  // there is none. Returns whether it took one. May throw execution_aborted.
  bool acquire(const wait_limits& limits, bool block, std::source_location where);
  // The count now (sem_getvalue), without a scheduling point.
  std::ptrdiff_t value() const noexcept { return count_; }

 private:
  sim_object object_;
  std::ptrdiff_t count_;
  std::ptrdiff_t max_;
  wait_queue waiters_;
};

}  // namespace detail

template <std::ptrdiff_t LeastMaxValue = std::numeric_limits<std::ptrdiff_t>::max()>
class counting_semaphore {
  using loc = std::source_location;

 public:
  static constexpr std::ptrdiff_t max() noexcept { return LeastMaxValue; }

  explicit counting_semaphore(std::ptrdiff_t desired, detail::call_site declared = {})
      : core_(desired, LeastMaxValue, declared) {}
  counting_semaphore(const counting_semaphore&) = delete;
  counting_semaphore& operator=(const counting_semaphore&) = delete;

  void release(std::ptrdiff_t update = 1, loc where = loc::current()) { core_.release(update, where); }
  void acquire(loc where = loc::current()) { core_.acquire({}, true, where); }
  // Gives up when a stop is requested on `stop`; returns whether it acquired.
  bool acquire(std::stop_token stop, loc where = loc::current()) {
    return core_.acquire(detail::wait_limits{detail::no_deadline, &stop}, true, where);
  }
  bool try_acquire(loc where = loc::current()) noexcept(false) { return core_.acquire({}, false, where); }
  template <class Rep, class Period>
  bool try_acquire_for(const std::chrono::duration<Rep, Period>& d, loc where = loc::current()) {
    return core_.acquire(detail::wait_limits{detail::deadline_after(d)}, true, where);
  }
  template <class Clock, class Duration>
  bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& t, loc where = loc::current()) {
    return core_.acquire(detail::wait_limits{detail::deadline_at(t)}, true, where);
  }

 private:
  detail::semaphore_core core_;
};

using binary_semaphore = counting_semaphore<1>;

WEFT_END_NAMESPACE

// weft::steady_clock and weft::system_clock in the simulated build: virtual time.
//
// Both meet the standard Clock requirements. Virtual time starts at the same epoch in
// every execution and advances only when no thread can run and a timer is pending, by
// jumping to the earliest deadline, so an hour of sleeping costs microseconds.
#pragma once

#include <chrono>
#include <cmath>
#include <type_traits>
#include <ctime>

#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE

struct steady_clock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<steady_clock>;
  static constexpr bool is_steady = true;
  // Virtual time since the execution began (0 at its start).
  static time_point now() noexcept { return time_point(duration(detail::read_clock())); }
};

struct system_clock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<system_clock>;
  static constexpr bool is_steady = false;
  // Every execution starts at 2026-01-01T00:00:00Z.
  static constexpr std::chrono::seconds epoch{1767225600};
  static time_point now() noexcept { return time_point(epoch + duration(detail::read_clock())); }
  static std::time_t to_time_t(const time_point& t) noexcept {
    return static_cast<std::time_t>(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
  }
  static time_point from_time_t(std::time_t t) noexcept {
    return time_point(std::chrono::duration_cast<duration>(std::chrono::seconds(t)));
  }
};

namespace detail {

// The latest virtual time a wait can end at: about 221 years after the execution's start,
// far beyond any test, and small enough that system_clock (2026 plus virtual time) and a
// time point plus a few years stay within nanoseconds' range. A deadline past it never
// comes: the wait has no timeout (a sleep to it never ends).
inline constexpr virtual_time latest_deadline = 7'000'000'000'000'000'000;

// The virtual deadline `remaining` nanoseconds from now (a long double holds every
// int64 exactly, and any duration of any rep without overflow): now if not positive,
// no_deadline past latest_deadline.
inline virtual_time deadline_in(long double remaining) noexcept {
  const virtual_time start = now();
  if (!(remaining > 0)) return start;  // also NaN
  if (remaining > static_cast<long double>(latest_deadline - start)) return no_deadline;
  return start + static_cast<virtual_time>(std::ceil(remaining));
}

template <class Rep, class Period>
long double nanoseconds_of(const std::chrono::duration<Rep, Period>& d) noexcept {
  return std::chrono::duration<long double, std::nano>(d).count();
}

// The virtual deadline `d` from now.
template <class Rep, class Period>
virtual_time deadline_after(const std::chrono::duration<Rep, Period>& d) noexcept {
  return deadline_in(nanoseconds_of(d));
}

// The virtual deadline of a time point of any clock: weft's clocks map exactly (without
// reading the clock); another clock's time point is taken relative to that clock's now().
// Time points far in the past or future (time_point::min(), ::max()) do not overflow.
template <class Clock, class Duration>
virtual_time deadline_at(const std::chrono::time_point<Clock, Duration>& t) noexcept {
  if constexpr (std::is_same_v<Clock, steady_clock> || std::is_same_v<Clock, system_clock>) {
    const long double start =
        std::is_same_v<Clock, system_clock> ? nanoseconds_of(system_clock::epoch) : 0.0L;
    return deadline_in(nanoseconds_of(t.time_since_epoch()) - start - static_cast<long double>(now()));
  } else {
    return deadline_in(nanoseconds_of(t.time_since_epoch()) - nanoseconds_of(Clock::now().time_since_epoch()));
  }
}

}  // namespace detail
WEFT_END_NAMESPACE

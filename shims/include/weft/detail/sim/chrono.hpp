// weft::steady_clock and weft::system_clock in the simulated build: virtual time.
//
// Both meet the standard Clock requirements. Virtual time starts at the same epoch in
// every execution and advances only when no thread can run and a timer is pending, by
// jumping to the earliest deadline, so an hour of sleeping costs microseconds.
#pragma once

#include <chrono>
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

// The virtual deadline `d` from now, saturating far beyond any test's horizon.
template <class Rep, class Period>
virtual_time deadline_after(const std::chrono::duration<Rep, Period>& d) noexcept {
  const virtual_time start = now();
  if (d <= d.zero()) return start;
  constexpr double horizon_seconds = 1e9;  // ~31 years: treated as "never"
  if (std::chrono::duration<double>(d).count() >= horizon_seconds) return no_deadline - 1;
  return start + std::chrono::ceil<std::chrono::nanoseconds>(d).count();
}

// The virtual deadline of a time point of any clock: weft's clocks map exactly (without
// reading the clock); another clock's time point is taken relative to that clock's now().
template <class Clock, class Duration>
virtual_time deadline_at(const std::chrono::time_point<Clock, Duration>& t) noexcept {
  if constexpr (std::is_same_v<Clock, steady_clock> || std::is_same_v<Clock, system_clock>) {
    const auto since_start = t.time_since_epoch() - (std::is_same_v<Clock, system_clock> ? system_clock::epoch
                                                                                          : std::chrono::seconds{0});
    return deadline_after(since_start - std::chrono::nanoseconds(now()));
  } else {
    return deadline_after(t - Clock::now());
  }
}

}  // namespace detail
WEFT_END_NAMESPACE

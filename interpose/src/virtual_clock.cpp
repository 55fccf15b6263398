#include "virtual_clock.hpp"

#include <chrono>
#include <limits>

#include <weft/chrono.hpp>

namespace weft::inline sim_v1::detail::interpose {

namespace {

constexpr std::int64_t nanoseconds_per_second = 1'000'000'000;

std::int64_t nanoseconds_of(const timespec& t) noexcept {
  constexpr std::int64_t most = std::numeric_limits<std::int64_t>::max() / nanoseconds_per_second - 1;
  if (t.tv_sec >= most) return std::numeric_limits<std::int64_t>::max();
  if (t.tv_sec <= -most) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(t.tv_sec) * nanoseconds_per_second + t.tv_nsec;
}

}  // namespace

std::optional<std::int64_t> virtual_offset(clockid_t clock) noexcept {
  switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_TAI:
      return std::chrono::duration_cast<std::chrono::nanoseconds>(weft::system_clock::epoch).count();
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
      return 0;
    default:
      return std::nullopt;
  }
}

virtual_time virtual_deadline(clockid_t clock, const timespec& absolute) noexcept {
  const std::int64_t at = nanoseconds_of(absolute);
  const std::int64_t offset = virtual_offset(clock).value_or(0);
  return at == std::numeric_limits<std::int64_t>::max() ? no_deadline : at - offset;
}

virtual_time virtual_deadline_after(const timespec& relative) noexcept {
  const std::int64_t wait = nanoseconds_of(relative);
  const virtual_time start = now();
  return wait >= no_deadline - start ? no_deadline : start + (wait < 0 ? 0 : wait);
}

timespec to_timespec(std::int64_t nanoseconds) noexcept {
  timespec t{};
  t.tv_sec = static_cast<time_t>(nanoseconds / nanoseconds_per_second);
  t.tv_nsec = static_cast<long>(nanoseconds % nanoseconds_per_second);
  return t;
}

}  // namespace weft::detail::interpose

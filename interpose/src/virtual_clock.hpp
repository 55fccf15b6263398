// The system's clocks as the code under test sees them inside an execution: virtual time.
//
// CLOCK_REALTIME (and the other wall clocks) read weft::system_clock, whose epoch is a
// fixed date; CLOCK_MONOTONIC (and the other steady clocks) read weft::steady_clock,
// which starts at 0. Per-process and per-thread CPU clocks stay real.
#pragma once

#include <time.h>

#include <cstdint>
#include <optional>

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail::interpose {

// How far `clock` reads ahead of virtual time, or nullopt for a clock weft leaves real.
std::optional<std::int64_t> virtual_offset(clockid_t clock) noexcept;
// Whether `absolute` is a time POSIX's timed waits accept (nanoseconds in [0, 1e9)):
// they fail with EINVAL on any other, before they would wait.
inline bool valid_deadline(const timespec& absolute) noexcept {
  return absolute.tv_nsec >= 0 && absolute.tv_nsec < 1'000'000'000;
}
// The virtual time at which `clock` reads `absolute` (a clock virtual_offset knows).
virtual_time virtual_deadline(clockid_t clock, const timespec& absolute) noexcept;
// `relative` from now, in virtual time.
virtual_time virtual_deadline_after(const timespec& relative) noexcept;
timespec to_timespec(std::int64_t nanoseconds) noexcept;

}  // namespace weft::detail::interpose

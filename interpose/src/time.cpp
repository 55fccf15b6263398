// Clocks, sleeps and time: virtual inside an execution (an hour of sleep costs
// microseconds), real outside one.
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include <weft/detail/sim/thread_core.hpp>

#include "intercepted_call.hpp"
#include "os_thread/real_calls.hpp"
#include "virtual_clock.hpp"

using namespace weft::detail;
using namespace weft::detail::interpose;

namespace {

// Sleeps the running simulated thread until `deadline`; 0 as nanosleep returns.
int sleep_in_simulation(virtual_time deadline, std::source_location where) {
  sleep_until(deadline, where);
  return 0;
}

}  // namespace

extern "C" {

int clock_gettime(clockid_t clock, timespec* time) {
  const auto offset = intercepting() ? virtual_offset(clock) : std::nullopt;
  if (!offset) return WEFT_REAL(clock_gettime)(clock, time);
  *time = to_timespec(*offset + read_clock());
  return 0;
}

int gettimeofday(timeval* time, void* zone) {
  if (!intercepting()) return WEFT_REAL(gettimeofday)(time, zone);
  const timespec t = to_timespec(*virtual_offset(CLOCK_REALTIME) + read_clock());
  time->tv_sec = t.tv_sec;
  time->tv_usec = t.tv_nsec / 1000;
  return 0;
}

time_t time(time_t* into) {
  if (!intercepting()) return WEFT_REAL(time)(into);
  const time_t seconds = to_timespec(*virtual_offset(CLOCK_REALTIME) + read_clock()).tv_sec;
  if (into != nullptr) *into = seconds;
  return seconds;
}

int nanosleep(const timespec* wait, timespec* left) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(nanosleep)(wait, left);
  if (wait == nullptr || wait->tv_nsec < 0 || wait->tv_nsec >= 1'000'000'000) return errno = EINVAL, -1;
  const virtual_time deadline = virtual_deadline_after(*wait);
  if (left != nullptr) *left = timespec{};  // may be `wait` itself
  return sleep_in_simulation(deadline, *call);
}

int clock_nanosleep(clockid_t clock, int flags, const timespec* wait, timespec* left) {
  const auto call = virtual_offset(clock) ? WEFT_INTERCEPTED_CALL() : std::nullopt;
  if (!call) return WEFT_REAL(clock_nanosleep)(clock, flags, wait, left);
  if (wait == nullptr || wait->tv_nsec < 0 || wait->tv_nsec >= 1'000'000'000) return EINVAL;
  const virtual_time deadline =
      (flags & TIMER_ABSTIME) != 0 ? virtual_deadline(clock, *wait) : virtual_deadline_after(*wait);
  if (left != nullptr && (flags & TIMER_ABSTIME) == 0) *left = timespec{};  // may be `wait` itself
  return sleep_in_simulation(deadline, *call);
}

int usleep(useconds_t microseconds) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(usleep)(microseconds);
  const timespec wait = to_timespec(static_cast<std::int64_t>(microseconds) * 1000);
  return sleep_in_simulation(virtual_deadline_after(wait), *call);
}

unsigned int sleep(unsigned int seconds) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(sleep)(seconds);
  const timespec wait{static_cast<time_t>(seconds), 0};
  sleep_in_simulation(virtual_deadline_after(wait), *call);
  return 0;
}

}  // extern "C"

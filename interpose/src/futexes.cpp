// The futex system calls that libstdc++ makes through syscall() for
// std::counting_semaphore, std::latch, std::barrier, std::atomic<T>::wait and notify, and
// contended function-local statics. Inside an execution a FUTEX_WAIT blocks the simulated
// thread on the futex's address (until a FUTEX_WAKE of it, its timeout in virtual time,
// or a spurious wakeup the strategy may choose); every other system call, and every call
// outside an execution, goes to the kernel.
#include <linux/futex.h>
#include <sys/syscall.h>

#include <cerrno>
#include <climits>
#include <cstdarg>
#include <cstdint>

#include <weft/detail/sim/runtime.hpp>

#include "intercepted_call.hpp"
#include "os_thread/real_calls.hpp"
#include "sync/twins_by_address.hpp"
#include "virtual_clock.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

struct futex_twin {
  explicit futex_twin(std::source_location where) : object(object_kind::atomic, where) {}
  sim_object object;
  wait_queue waiters;
};

twins_by_address<futex_twin> futexes;

futex_twin& twin_of(const void* word, std::source_location where) {
  return futexes.get(word, [&] { return std::make_unique<futex_twin>(where); });
}

// A failed system call: -1, with errno.
long failed(int error) {
  errno = error;
  return -1;
}

long futex_wait(const std::uint32_t* word, std::uint32_t expected, virtual_time deadline, std::source_location where) {
  futex_twin& twin = twin_of(word, where);
  if (!visible_op(op::atomic_wait, &twin.object, where)) return failed(EINVAL);
  if (__atomic_load_n(word, __ATOMIC_RELAXED) != expected) return failed(EAGAIN);
  const wake_reason woke = wait_in(twin.object, twin.waiters, op::atomic_wait, wait_limits{deadline}, where);
  return woke == wake_reason::timed_out ? failed(ETIMEDOUT) : 0;
}

long futex_wake(const std::uint32_t* word, long count, std::source_location where) {
  futex_twin& twin = twin_of(word, where);
  if (!visible_op(op::atomic_notify, &twin.object, where)) return failed(EINVAL);
  if (count >= INT_MAX) return static_cast<long>(wake(twin.waiters, true));
  long woken = 0;
  while (woken < count && wake(twin.waiters, false) == 1) ++woken;
  return woken;
}

// The futex operations libstdc++ uses; nullopt for one weft does not simulate.
std::optional<long> simulated_futex(const long* arguments, std::source_location where) {
  const auto* word = reinterpret_cast<const std::uint32_t*>(arguments[0]);
  const int operation = static_cast<int>(arguments[1]) & FUTEX_CMD_MASK;
  const bool realtime = (static_cast<int>(arguments[1]) & FUTEX_CLOCK_REALTIME) != 0;
  const auto value = static_cast<std::uint32_t>(arguments[2]);
  const auto* timeout = reinterpret_cast<const timespec*>(arguments[3]);
  switch (operation) {
    case FUTEX_WAIT:
      return futex_wait(word, value, timeout == nullptr ? no_deadline : virtual_deadline_after(*timeout), where);
    case FUTEX_WAIT_BITSET:
      return futex_wait(word, value,
                        timeout == nullptr ? no_deadline
                                           : virtual_deadline(realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC, *timeout),
                        where);
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
      return futex_wake(word, static_cast<long>(value), where);
    default:
      return std::nullopt;
  }
}

}  // namespace

}  // namespace weft::detail::interpose

using namespace weft::detail;
using namespace weft::detail::interpose;

extern "C" long syscall(long number, ...) {
  long arguments[6];
  va_list list;
  va_start(list, number);
  for (long& argument : arguments) argument = va_arg(list, long);
  va_end(list);
  if (number == SYS_futex) {
    if (const auto call = WEFT_INTERCEPTED_CALL()) {
      if (const auto result = simulated_futex(arguments, *call)) return *result;
      misuse("a futex operation weft does not simulate (only wait and wake are): the thread would block where "
             "weft cannot see it",
             *call);
      return failed(ENOSYS);
    }
  }
  return WEFT_REAL(syscall)(number, arguments[0], arguments[1], arguments[2], arguments[3], arguments[4],
                            arguments[5]);
}

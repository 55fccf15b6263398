// Condition variables: pthread_cond_t (std::condition_variable, C programs') inside an
// execution is a simulated condition variable, which may wake spuriously and whose
// timed waits end in virtual time.
#include <pthread.h>

#include <cerrno>

#include <weft/detail/sim/condvar_core.hpp>

#include "intercepted_call.hpp"
#include "mutex_twins.hpp"
#include "os_thread/real_calls.hpp"
#include "virtual_clock.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

twins_by_address<condvar_core> condvars;

condvar_core& condvar_twin(pthread_cond_t* condition, std::source_location where) {
  return condvars.get(condition, [&] { return std::make_unique<condvar_core>(where); });
}

// The clock pthread_condattr_setclock chose: glibc keeps CLOCK_MONOTONIC as bit 1 of
// __wrefs.
clockid_t clock_of(const pthread_cond_t* condition) noexcept {
  return (condition->__data.__wrefs & 2) != 0 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
}

// A wait until `deadline` (virtual); 0, or ETIMEDOUT if the deadline passed first.
int wait(pthread_cond_t* condition, pthread_mutex_t* mutex, virtual_time deadline, std::source_location where) {
  mutex_core* held = twin_of(mutex, where);
  if (held == nullptr) return EINVAL;
  return condvar_twin(condition, where).wait(*held, where, deadline) == wake_reason::timed_out ? ETIMEDOUT : 0;
}

}  // namespace

}  // namespace weft::detail::interpose

using namespace weft::detail;
using namespace weft::detail::interpose;

// glibc exports two versions of each condition-variable function; libstdc++ and every
// program built against a current glibc use GLIBC_2.3.2, the default, which these
// replace. Passing through goes to that version too.
#define WEFT_REAL_CONDITION(name) \
  ([]() noexcept { \
    static const auto found = reinterpret_cast<decltype(&::name)>(::weft::detail::real::next_symbol(#name, "GLIBC_2.3.2")); \
    return found; \
  }())

extern "C" {

int pthread_cond_init(pthread_cond_t* condition, const pthread_condattr_t* attributes) {
  if (intercepting()) condvars.erase(condition);
  return WEFT_REAL_CONDITION(pthread_cond_init)(condition, attributes);
}

int pthread_cond_destroy(pthread_cond_t* condition) {
  if (intercepting()) condvars.erase(condition);
  return WEFT_REAL_CONDITION(pthread_cond_destroy)(condition);
}

int pthread_cond_wait(pthread_cond_t* condition, pthread_mutex_t* mutex) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL_CONDITION(pthread_cond_wait)(condition, mutex);
  return wait(condition, mutex, no_deadline, *call);
}

int pthread_cond_timedwait(pthread_cond_t* condition, pthread_mutex_t* mutex, const timespec* deadline) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL_CONDITION(pthread_cond_timedwait)(condition, mutex, deadline);
  if (!valid_deadline(*deadline)) return EINVAL;
  return wait(condition, mutex, virtual_deadline(clock_of(condition), *deadline), *call);
}

int pthread_cond_clockwait(pthread_cond_t* condition, pthread_mutex_t* mutex, clockid_t clock,
                           const timespec* deadline) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_cond_clockwait)(condition, mutex, clock, deadline);
  if (!virtual_offset(clock) || !valid_deadline(*deadline)) return EINVAL;
  return wait(condition, mutex, virtual_deadline(clock, *deadline), *call);
}

int pthread_cond_signal(pthread_cond_t* condition) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL_CONDITION(pthread_cond_signal)(condition);
  const std::source_location where = *call;
  condvar_twin(condition, where).notify_one(where);
  return 0;
}

int pthread_cond_broadcast(pthread_cond_t* condition) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL_CONDITION(pthread_cond_broadcast)(condition);
  const std::source_location where = *call;
  condvar_twin(condition, where).notify_all(where);
  return 0;
}

}  // extern "C"

// Mutexes: every pthread_mutex_t the code under test uses (std::mutex, std::timed_mutex,
// std::recursive_mutex and C programs' own) is a simulated mutex inside an execution.
#include <pthread.h>

#include <cerrno>

#include "intercepted_call.hpp"
#include "mutex_twins.hpp"
#include "os_thread/real_calls.hpp"
#include "virtual_clock.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

twins_by_address<mutex_core> mutexes;

// glibc keeps the type a mutex was initialized with (PTHREAD_MUTEX_RECURSIVE_NP's
// initializer included) in its __kind field: the low bits the type, 16 robust, 128
// process-shared (which glibc sets for every robust mutex too).
constexpr int kind_type_mask = 3;
constexpr int kind_robust = 16;
constexpr int kind_process_shared = 128;

// An error-checking mutex returns EDEADLK to a relock and EPERM to an unlock by a thread
// that does not hold it, where other kinds are misused (POSIX): the caller checks first.
bool error_checking(const pthread_mutex_t* mutex) {
  return (mutex->__data.__kind & kind_type_mask) == PTHREAD_MUTEX_ERRORCHECK;
}

}  // namespace

mutex_core* twin_of(pthread_mutex_t* mutex, std::source_location where) {
  if (mutex == nullptr) {
    misuse("a pthread mutex function was called with a null mutex", where);
    return nullptr;
  }
  const int kind = mutex->__data.__kind;
  if ((kind & kind_robust) != 0) {
    misuse("a robust mutex (PTHREAD_MUTEX_ROBUST): not supported by weft (the owner-died recovery, EOWNERDEAD, is "
           "not simulated)",
           where);
    return nullptr;
  }
  if ((kind & kind_process_shared) != 0) {
    misuse("a process-shared mutex (PTHREAD_PROCESS_SHARED): weft simulates the threads of one process only",
           where);
    return nullptr;
  }
  const object_kind type = (kind & kind_type_mask) == PTHREAD_MUTEX_RECURSIVE ? object_kind::recursive_mutex
                                                                               : object_kind::mutex;
  // std::mutex and std::recursive_mutex never tell the C library they are gone: a mutex of
  // another kind at the address of an earlier one is a new mutex.
  if (mutex_core* known = mutexes.find(mutex); known != nullptr && known->object().kind() != type) {
    mutexes.retire(mutex);
  }
  return &mutexes.get(mutex, [&] { return std::make_unique<mutex_core>(type, where); });
}

void forget_mutex(const pthread_mutex_t* mutex) { mutexes.erase(mutex); }

}  // namespace weft::detail::interpose

using namespace weft::detail;
using namespace weft::detail::interpose;

extern "C" {

int pthread_mutex_init(pthread_mutex_t* mutex, const pthread_mutexattr_t* attributes) {
  if (intercepting()) forget_mutex(mutex);
  return WEFT_REAL(pthread_mutex_init)(mutex, attributes);
}

int pthread_mutex_destroy(pthread_mutex_t* mutex) {
  if (intercepting()) forget_mutex(mutex);
  return WEFT_REAL(pthread_mutex_destroy)(mutex);
}

int pthread_mutex_lock(pthread_mutex_t* mutex) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_mutex_lock)(mutex);
  const std::source_location where = *call;
  mutex_core* twin = twin_of(mutex, where);
  if (twin == nullptr) return EINVAL;
  if (error_checking(mutex) && twin->held_by_running_thread()) return EDEADLK;
  twin->lock(where);
  return 0;
}

int pthread_mutex_trylock(pthread_mutex_t* mutex) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_mutex_trylock)(mutex);
  const std::source_location where = *call;
  mutex_core* twin = twin_of(mutex, where);
  if (twin == nullptr) return EINVAL;
  if (error_checking(mutex) && twin->held_by_running_thread()) return EBUSY;
  return twin->try_lock(where) ? 0 : EBUSY;
}

int pthread_mutex_timedlock(pthread_mutex_t* mutex, const timespec* deadline) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_mutex_timedlock)(mutex, deadline);
  const std::source_location where = *call;
  mutex_core* twin = twin_of(mutex, where);
  if (twin == nullptr || !valid_deadline(*deadline)) return EINVAL;
  if (error_checking(mutex) && twin->held_by_running_thread()) return EDEADLK;
  return twin->try_lock_until(virtual_deadline(CLOCK_REALTIME, *deadline), where) ? 0 : ETIMEDOUT;
}

int pthread_mutex_clocklock(pthread_mutex_t* mutex, clockid_t clock, const timespec* deadline) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_mutex_clocklock)(mutex, clock, deadline);
  const std::source_location where = *call;
  mutex_core* twin = twin_of(mutex, where);
  if (twin == nullptr || !virtual_offset(clock) || !valid_deadline(*deadline)) return EINVAL;
  if (error_checking(mutex) && twin->held_by_running_thread()) return EDEADLK;
  return twin->try_lock_until(virtual_deadline(clock, *deadline), where) ? 0 : ETIMEDOUT;
}

int pthread_mutex_unlock(pthread_mutex_t* mutex) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_mutex_unlock)(mutex);
  const std::source_location where = *call;
  mutex_core* twin = twin_of(mutex, where);
  if (twin == nullptr) return EINVAL;
  if (error_checking(mutex) && !twin->held_by_running_thread()) return EPERM;
  twin->unlock(where);
  return 0;
}

}  // extern "C"

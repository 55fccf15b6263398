// Read-write locks and spin locks (pthread_rwlock_t, pthread_spinlock_t; std::shared_mutex
// is a pthread_rwlock_t) inside an execution: simulated shared mutexes and mutexes.
#include <pthread.h>

#include <cerrno>

#include <weft/detail/sim/mutex_core.hpp>

#include "intercepted_call.hpp"
#include "os_thread/real_calls.hpp"
#include "sync/twins_by_address.hpp"
#include "virtual_clock.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

twins_by_address<mutex_core> rwlocks;
twins_by_address<mutex_core> spinlocks;

mutex_core& rwlock_twin(const pthread_rwlock_t* lock, std::source_location where) {
  return rwlocks.get(lock, [&] { return std::make_unique<mutex_core>(object_kind::shared_mutex, where); });
}

// A spin lock is a volatile int: its address as the tables key objects.
const void* key_of(const volatile pthread_spinlock_t* lock) noexcept { return const_cast<const int*>(lock); }

mutex_core& spinlock_twin(const volatile pthread_spinlock_t* lock, std::source_location where) {
  return spinlocks.get(key_of(lock), [&] { return std::make_unique<mutex_core>(object_kind::mutex, where); });
}

}  // namespace

}  // namespace weft::detail::interpose

using namespace weft::detail;
using namespace weft::detail::interpose;

extern "C" {

int pthread_rwlock_init(pthread_rwlock_t* lock, const pthread_rwlockattr_t* attributes) {
  if (intercepting()) rwlocks.erase(lock);
  return WEFT_REAL(pthread_rwlock_init)(lock, attributes);
}

int pthread_rwlock_destroy(pthread_rwlock_t* lock) {
  if (intercepting()) rwlocks.erase(lock);
  return WEFT_REAL(pthread_rwlock_destroy)(lock);
}

int pthread_rwlock_rdlock(pthread_rwlock_t* lock) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_rwlock_rdlock)(lock);
  rwlock_twin(lock, *call).lock_shared(*call);
  return 0;
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t* lock) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_rwlock_tryrdlock)(lock);
  return rwlock_twin(lock, *call).try_lock_shared(*call) ? 0 : EBUSY;
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t* lock, const timespec* deadline) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_rwlock_timedrdlock)(lock, deadline);
  if (!valid_deadline(*deadline)) return EINVAL;
  return rwlock_twin(lock, *call).lock_shared_until(virtual_deadline(CLOCK_REALTIME, *deadline), *call) ? 0 : ETIMEDOUT;
}

int pthread_rwlock_clockrdlock(pthread_rwlock_t* lock, clockid_t clock, const timespec* deadline) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_rwlock_clockrdlock)(lock, clock, deadline);
  if (!valid_deadline(*deadline) || !virtual_offset(clock)) return EINVAL;
  return rwlock_twin(lock, *call).lock_shared_until(virtual_deadline(clock, *deadline), *call) ? 0 : ETIMEDOUT;
}

int pthread_rwlock_wrlock(pthread_rwlock_t* lock) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_rwlock_wrlock)(lock);
  rwlock_twin(lock, *call).lock(*call);
  return 0;
}

int pthread_rwlock_trywrlock(pthread_rwlock_t* lock) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_rwlock_trywrlock)(lock);
  return rwlock_twin(lock, *call).try_lock(*call) ? 0 : EBUSY;
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t* lock, const timespec* deadline) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_rwlock_timedwrlock)(lock, deadline);
  if (!valid_deadline(*deadline)) return EINVAL;
  return rwlock_twin(lock, *call).try_lock_until(virtual_deadline(CLOCK_REALTIME, *deadline), *call) ? 0 : ETIMEDOUT;
}

int pthread_rwlock_clockwrlock(pthread_rwlock_t* lock, clockid_t clock, const timespec* deadline) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_rwlock_clockwrlock)(lock, clock, deadline);
  if (!valid_deadline(*deadline) || !virtual_offset(clock)) return EINVAL;
  return rwlock_twin(lock, *call).try_lock_until(virtual_deadline(clock, *deadline), *call) ? 0 : ETIMEDOUT;
}

int pthread_rwlock_unlock(pthread_rwlock_t* lock) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_rwlock_unlock)(lock);
  // POSIX has one unlock for both kinds: a lock the caller holds exclusively is
  // unlocked so, any other shared (a misuse if nobody holds it shared).
  mutex_core& twin = rwlock_twin(lock, *call);
  if (twin.held_by_running_thread()) {
    twin.unlock(*call);
  } else {
    twin.unlock_shared(*call);
  }
  return 0;
}

int pthread_spin_init(pthread_spinlock_t* lock, int shared) {
  if (intercepting()) spinlocks.erase(key_of(lock));
  return WEFT_REAL(pthread_spin_init)(lock, shared);
}

int pthread_spin_destroy(pthread_spinlock_t* lock) {
  if (intercepting()) spinlocks.erase(key_of(lock));
  return WEFT_REAL(pthread_spin_destroy)(lock);
}

int pthread_spin_lock(pthread_spinlock_t* lock) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_spin_lock)(lock);
  spinlock_twin(lock, *call).lock(*call);
  return 0;
}

int pthread_spin_trylock(pthread_spinlock_t* lock) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_spin_trylock)(lock);
  return spinlock_twin(lock, *call).try_lock(*call) ? 0 : EBUSY;
}

int pthread_spin_unlock(pthread_spinlock_t* lock) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_spin_unlock)(lock);
  spinlock_twin(lock, *call).unlock(*call);
  return 0;
}

}  // extern "C"

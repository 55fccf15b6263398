// POSIX semaphores and barriers (sem_t, pthread_barrier_t) inside an execution:
// simulated semaphores and barriers. Their twins start from what the C library's own
// initialization wrote (sem_init and pthread_barrier_init also run for real), so one
// initialized before the execution started is met with its count.
#include <pthread.h>
#include <semaphore.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include <weft/detail/sim/barrier.hpp>
#include <weft/detail/sim/semaphore.hpp>

#include "intercepted_call.hpp"
#include "os_thread/real_calls.hpp"
#include "sync/twins_by_address.hpp"
#include "virtual_clock.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

twins_by_address<semaphore_core> semaphores;
twins_by_address<barrier_core> barriers;

// glibc keeps a semaphore's count in the low 32 bits of its first word, and a barrier's
// count as its third 32-bit word.
std::ptrdiff_t initial_count(const sem_t* semaphore) noexcept {
  std::uint64_t data = 0;
  std::memcpy(&data, semaphore, sizeof data);
  return static_cast<std::ptrdiff_t>(data & 0xffffffffu);
}
std::ptrdiff_t participants(const pthread_barrier_t* barrier) noexcept {
  std::uint32_t words[3] = {};
  std::memcpy(words, barrier, sizeof words);
  return static_cast<std::ptrdiff_t>(words[2]);
}

semaphore_core& semaphore_twin(sem_t* semaphore, std::source_location where) {
  return semaphores.get(semaphore, [&] {
    return std::make_unique<semaphore_core>(initial_count(semaphore), SEM_VALUE_MAX, where);
  });
}

long failed(int error) {
  errno = error;
  return -1;
}

}  // namespace

}  // namespace weft::detail::interpose

using namespace weft::detail;
using namespace weft::detail::interpose;

extern "C" {

int sem_init(sem_t* semaphore, int shared, unsigned int value) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (call && shared != 0) {
    misuse("a process-shared semaphore (sem_init with pshared != 0): weft simulates the threads of one process only",
           *call);
  }
  if (call) semaphores.erase(semaphore);
  return WEFT_REAL(sem_init)(semaphore, shared, value);
}

int sem_destroy(sem_t* semaphore) {
  if (intercepting()) semaphores.erase(semaphore);
  return WEFT_REAL(sem_destroy)(semaphore);
}

int sem_wait(sem_t* semaphore) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(sem_wait)(semaphore);
  semaphore_twin(semaphore, *call).acquire({}, true, *call);
  return 0;
}

int sem_trywait(sem_t* semaphore) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(sem_trywait)(semaphore);
  return semaphore_twin(semaphore, *call).acquire({}, false, *call) ? 0 : static_cast<int>(failed(EAGAIN));
}

int sem_timedwait(sem_t* semaphore, const timespec* deadline) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(sem_timedwait)(semaphore, deadline);
  if (!valid_deadline(*deadline)) return static_cast<int>(failed(EINVAL));
  const wait_limits limits{virtual_deadline(CLOCK_REALTIME, *deadline)};
  return semaphore_twin(semaphore, *call).acquire(limits, true, *call) ? 0 : static_cast<int>(failed(ETIMEDOUT));
}

int sem_clockwait(sem_t* semaphore, clockid_t clock, const timespec* deadline) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(sem_clockwait)(semaphore, clock, deadline);
  if (!virtual_offset(clock) || !valid_deadline(*deadline)) return static_cast<int>(failed(EINVAL));
  const wait_limits limits{virtual_deadline(clock, *deadline)};
  return semaphore_twin(semaphore, *call).acquire(limits, true, *call) ? 0 : static_cast<int>(failed(ETIMEDOUT));
}

int sem_post(sem_t* semaphore) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(sem_post)(semaphore);
  semaphore_twin(semaphore, *call).release(1, *call);
  return 0;
}

int sem_getvalue(sem_t* semaphore, int* value) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(sem_getvalue)(semaphore, value);
  *value = static_cast<int>(semaphore_twin(semaphore, *call).value());
  return 0;
}

int pthread_barrier_init(pthread_barrier_t* barrier, const pthread_barrierattr_t* attributes, unsigned int count) {
  if (intercepting()) barriers.erase(barrier);
  return WEFT_REAL(pthread_barrier_init)(barrier, attributes, count);
}

int pthread_barrier_destroy(pthread_barrier_t* barrier) {
  if (intercepting()) barriers.erase(barrier);
  return WEFT_REAL(pthread_barrier_destroy)(barrier);
}

int pthread_barrier_wait(pthread_barrier_t* barrier) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_barrier_wait)(barrier);
  barrier_core& twin =
      barriers.get(barrier, [&] { return std::make_unique<barrier_core>(participants(barrier), *call); });
  const barrier_core::arrival arrived = twin.arrive(1, false, *call);
  if (arrived.completes_phase) {
    twin.finish_phase();
    return PTHREAD_BARRIER_SERIAL_THREAD;
  }
  twin.wait(arrived.phase, *call);
  return 0;
}

}  // extern "C"

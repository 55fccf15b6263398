// Under weft::interpose, POSIX's timed waits wait in virtual time, whatever clock they
// take, and reject a malformed deadline as the C library does.
#include <gtest/gtest.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

#include <cerrno>
#include <cstdint>
#include <thread>

#include <weft/explore.hpp>

#include "support.hpp"

using weft_test::options_for;

namespace {

std::int64_t nanoseconds(const timespec& t) { return std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec; }

timespec in_a_second(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  t.tv_sec += 1;
  return t;
}

bool reached(clockid_t clock, const timespec& deadline) {
  timespec now{};
  clock_gettime(clock, &now);
  return nanoseconds(now) >= nanoseconds(deadline);
}

}  // namespace

// The read-lock forms and the clock forms were the C library's own: they took a lock weft
// never saw (the unlock that followed was a false misuse) or timed out at once.
TEST(InterposeTimedWaits, EveryTimedLockAndSemaphoreWaitTimesOutAtItsVirtualDeadline) {
  const weft::report r = weft::explore(options_for(50), [] {
    pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
    sem_t empty;
    sem_init(&empty, 0, 0);
    timespec deadline = in_a_second(CLOCK_REALTIME);
    WEFT_ASSERT(pthread_rwlock_timedrdlock(&lock, &deadline) == 0);
    WEFT_ASSERT(pthread_rwlock_unlock(&lock) == 0);
    WEFT_ASSERT(pthread_rwlock_wrlock(&lock) == 0);
    std::thread reader([&] {
      timespec at = in_a_second(CLOCK_REALTIME);
      WEFT_ASSERT(pthread_rwlock_timedrdlock(&lock, &at) == ETIMEDOUT);
      WEFT_ASSERT(reached(CLOCK_REALTIME, at));
      at = in_a_second(CLOCK_MONOTONIC);
      WEFT_ASSERT(pthread_rwlock_clockrdlock(&lock, CLOCK_MONOTONIC, &at) == ETIMEDOUT);
      WEFT_ASSERT(reached(CLOCK_MONOTONIC, at));
      at = in_a_second(CLOCK_MONOTONIC);
      WEFT_ASSERT(pthread_rwlock_clockwrlock(&lock, CLOCK_MONOTONIC, &at) == ETIMEDOUT);
      WEFT_ASSERT(reached(CLOCK_MONOTONIC, at));
      at = in_a_second(CLOCK_MONOTONIC);
      WEFT_ASSERT(sem_clockwait(&empty, CLOCK_MONOTONIC, &at) == -1 && errno == ETIMEDOUT);
      WEFT_ASSERT(reached(CLOCK_MONOTONIC, at));
    });
    reader.join();
    WEFT_ASSERT(pthread_rwlock_unlock(&lock) == 0);
    deadline = in_a_second(CLOCK_MONOTONIC);
    WEFT_ASSERT(pthread_rwlock_clockrdlock(&lock, CLOCK_MONOTONIC, &deadline) == 0);
    WEFT_ASSERT(pthread_rwlock_unlock(&lock) == 0);
    sem_post(&empty);
    WEFT_ASSERT(sem_clockwait(&empty, CLOCK_REALTIME, &deadline) == 0);
    sem_destroy(&empty);
    pthread_rwlock_destroy(&lock);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(InterposeTimedWaits, AMalformedDeadlineIsEinvalAsInTheCLibrary) {
  const weft::report r = weft::explore(options_for(10), [] {
    pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
    pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t condition = PTHREAD_COND_INITIALIZER;
    sem_t empty;
    sem_init(&empty, 0, 0);
    timespec bad = in_a_second(CLOCK_REALTIME);
    bad.tv_nsec = 2'000'000'000;
    WEFT_ASSERT(pthread_rwlock_timedrdlock(&lock, &bad) == EINVAL);
    WEFT_ASSERT(pthread_rwlock_timedwrlock(&lock, &bad) == EINVAL);
    WEFT_ASSERT(pthread_rwlock_clockrdlock(&lock, CLOCK_MONOTONIC, &bad) == EINVAL);
    WEFT_ASSERT(pthread_rwlock_clockwrlock(&lock, CLOCK_MONOTONIC, &bad) == EINVAL);
    WEFT_ASSERT(sem_timedwait(&empty, &bad) == -1 && errno == EINVAL);
    WEFT_ASSERT(sem_clockwait(&empty, CLOCK_MONOTONIC, &bad) == -1 && errno == EINVAL);
    pthread_mutex_lock(&mutex);
    WEFT_ASSERT(pthread_cond_timedwait(&condition, &mutex, &bad) == EINVAL);
    WEFT_ASSERT(pthread_cond_clockwait(&condition, &mutex, CLOCK_MONOTONIC, &bad) == EINVAL);
    // Held (by this thread: the wait it would start is the C library's check of the deadline).
    WEFT_ASSERT(pthread_mutex_timedlock(&mutex, &bad) == EINVAL);
    WEFT_ASSERT(pthread_mutex_clocklock(&mutex, CLOCK_MONOTONIC, &bad) == EINVAL);
    pthread_mutex_unlock(&mutex);
    sem_destroy(&empty);
  });
  EXPECT_FALSE(r.failed()) << r;
}

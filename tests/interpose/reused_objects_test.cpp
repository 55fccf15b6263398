// Under weft::interpose, pthread objects are known by address: std::mutex, std::once_flag
// and a future's shared state never tell the C library they are gone, so a new object may
// lie where an old one was. It is a new object there, and the POSIX mutex kinds keep the
// answers POSIX gives them.
#include <gtest/gtest.h>
#include <pthread.h>

#include <cerrno>
#include <future>
#include <mutex>
#include <new>
#include <thread>

#include <weft/explore.hpp>

#include "support.hpp"

using weft_test::options_for;

// The shared state of each promise is allocated where the last one's was freed: the
// second set_value threw "Promise already satisfied" in every schedule, and so did a
// second std::async.
TEST(InterposeReusedObjects, APromiseAndAnAsyncInALoopAreNewEachTime) {
  const weft::report r = weft::explore(options_for(100), [] {
    for (int round = 0; round < 3; ++round) {
      std::promise<int> promise;
      std::future<int> result = promise.get_future();
      std::thread producer([&] { promise.set_value(round); });
      WEFT_ASSERT(result.get() == round);
      producer.join();
      WEFT_ASSERT(std::async(std::launch::async, [round] { return round * 2; }).get() == round * 2);
    }
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(InterposeReusedObjects, AOnceFlagWhereADoneOneWasRunsItsFunction) {
  const weft::report r = weft::explore(options_for(50), [] {
    alignas(std::once_flag) unsigned char storage[sizeof(std::once_flag)];
    for (int round = 0; round < 2; ++round) {
      auto* once = new (storage) std::once_flag;
      int ran = 0;
      std::thread other([&] { std::call_once(*once, [&] { ++ran; }); });
      std::call_once(*once, [&] { ++ran; });
      other.join();
      WEFT_ASSERT(ran == 1, "the function of a new once_flag ran other than once");
      once->~once_flag();
    }
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A recursive mutex where a plain one was was taken for the plain one (a relock: misuse),
// and a plain one where a recursive one was let a thread lock it twice.
TEST(InterposeReusedObjects, AMutexOfAnotherKindWhereOneWasIsANewMutex) {
  const weft::report r = weft::explore(options_for(20), [] {
    alignas(std::recursive_mutex) unsigned char storage[sizeof(std::recursive_mutex)];
    auto* plain = new (storage) std::mutex;
    plain->lock();
    plain->unlock();
    plain->~mutex();
    auto* recursive = new (storage) std::recursive_mutex;
    recursive->lock();
    recursive->lock();
    recursive->unlock();
    recursive->unlock();
    recursive->~recursive_mutex();
    plain = new (storage) std::mutex;
    plain->lock();
    WEFT_ASSERT(!plain->try_lock(), "a plain mutex let its holder lock it again");
    plain->unlock();
    plain->~mutex();
  });
  EXPECT_FALSE(r.failed()) << r;
}

// POSIX defines these answers for an error-checking mutex; weft reported them as misuse.
TEST(InterposeReusedObjects, AnErrorCheckingMutexAnswersRelocksAndForeignUnlocksWithErrors) {
  const weft::report r = weft::explore(options_for(50), [] {
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_t mutex;
    pthread_mutex_init(&mutex, &attributes);
    pthread_mutexattr_destroy(&attributes);
    WEFT_ASSERT(pthread_mutex_unlock(&mutex) == EPERM);
    WEFT_ASSERT(pthread_mutex_lock(&mutex) == 0);
    WEFT_ASSERT(pthread_mutex_lock(&mutex) == EDEADLK);
    WEFT_ASSERT(pthread_mutex_trylock(&mutex) == EBUSY);
    int foreign_unlock = 0;
    std::thread other([&] { foreign_unlock = pthread_mutex_unlock(&mutex); });
    other.join();
    WEFT_ASSERT(foreign_unlock == EPERM);
    WEFT_ASSERT(pthread_mutex_unlock(&mutex) == 0);
    pthread_mutex_destroy(&mutex);
  });
  EXPECT_FALSE(r.failed()) << r;
}

// glibc marks every robust mutex process-shared too: it was reported as one.
TEST(InterposeMutexKinds, ARobustMutexIsReportedAsUnsupportedByName) {
  const weft::report r = weft::explore(options_for(5), [] {
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_setrobust(&attributes, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_t mutex;
    pthread_mutex_init(&mutex, &attributes);
    pthread_mutexattr_destroy(&attributes);
    pthread_mutex_lock(&mutex);
    pthread_mutex_unlock(&mutex);
    pthread_mutex_destroy(&mutex);
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::misuse) << r;
  EXPECT_NE(r.message().find("a robust mutex (PTHREAD_MUTEX_ROBUST)"), std::string::npos) << r;
}

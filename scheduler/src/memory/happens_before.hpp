// Happens-before of one execution, built from every weft primitive.
//
// The execution reports each operation as it takes effect; this keeps a vector clock per
// thread and one per synchronization object, so that the race checks of weft::shared<T>
// (and the memory model's visibility rules) can ask whether one access happens before
// another. The edges are the C++ ones (ISO C++20 [intro.races]):
// - starting a thread: everything its parent did before; joining one: everything it did;
// - mutexes: taking one acquires what unlocks released, unlocking releases; a
//   shared_mutex's unlock_shared releases only to later exclusive takers (readers do not
//   synchronize with one another), and a try that fails synchronizes with nothing;
// - channels, semaphores, latches, barriers, futures and once flags: what gives and what
//   takes by each primitive's contract (memory/synchronization.hpp); a wait that times
//   out and a try that fails give nothing, and a condition variable's notify orders
//   nothing;
// - atomics with their orders: a release store (or a relaxed one after a release fence)
//   publishes the thread's clock; an acquire load that reads it (or a relaxed load
//   followed by an acquire fence) takes it; read-modify-writes continue release
//   sequences (C++20: only RMWs do); seq_cst as acq_rel. Which store a load reads, and
//   so what it takes, is atomic_memory's choice (memory/atomic_memory.hpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include <weft/detail/sim/runtime.hpp>

#include "memory/vector_clock.hpp"

namespace weft::inline sim_v1::detail {

class happens_before {
 public:
  // Forgets everything: a new execution.
  void reset();

  void thread_started(thread_index child, thread_index parent);
  void thread_finished(thread_index t);
  // `joiner` returns from joining `joined` (which has finished).
  void joined(thread_index joiner, thread_index joined);
  // An operation of `t` on synchronization object `object`: acquire, then release.
  void synchronize(thread_index t, std::uint32_t object);
  // The halves of synchronize, for operations that only take (locking a mutex) or only
  // give (unlocking it, or a condition variable's wait unlocking its mutex).
  void acquire(thread_index t, std::uint32_t object) { acquire_from(t, object_clock(object)); }
  void release(thread_index t, std::uint32_t object) { release_into(t, object_clock(object)); }
  // The same halves with a clock the caller keeps, for an edge through no weft object (a
  // function-local static's guard, interpose/src/static_guards.cpp).
  void acquire_from(thread_index t, const vector_clock& given) { of(t).clock.join(given); }
  void release_into(thread_index t, vector_clock& given);
  // A shared_mutex's readers do not synchronize with one another (ISO C++20
  // [thread.sharedmutex.requirements]): unlock_shared releases only to a later exclusive
  // lock, which takes what unlocks and unlock_shareds released alike; lock_shared takes
  // only what unlocks did (acquire).
  void release_to_writers(thread_index t, std::uint32_t object);
  void acquire_exclusive(thread_index t, std::uint32_t object);
  // A channel's two directions: a send gives to the receive that takes its value through
  // the object's clock (release, acquire), a receive to the sends after it (the room it
  // made) through its second clock, so that senders are not ordered by one another's
  // sends, nor receivers by one another's receives.
  void release_to_senders(thread_index t, std::uint32_t object) { release_to_writers(t, object); }
  void acquire_from_receivers(thread_index t, std::uint32_t object);

  // An atomic load of `t` with `order` read a store that published `released` (its
  // release sequence; store_history.hpp): acquired now, or, for a relaxed load, kept for
  // t's next acquire fence.
  void take(thread_index t, const vector_clock& released, std::memory_order order);
  // What a store of `t` with `order` publishes to the loads that read it: t's clock if
  // it releases, else what t's last release fence released.
  const vector_clock& publishes(thread_index t, std::memory_order order);
  // A fence of `t` (ISO C++20 [atomics.fences]); the seq_cst order is atomic_memory's.
  // `at_fence`, if given, receives t's clock at the fence: what happens before it.
  void fence(thread_index t, std::memory_order order, vector_clock* at_fence = nullptr);

  // The moment `t` is at now; every event of t advances it.
  epoch now(thread_index t) { return {t, of(t).clock[t]}; }
  const vector_clock& clock(thread_index t) { return of(t).clock; }
  // Ends `t`'s current step: what it does next is no longer covered by what it released.
  void step(thread_index t) { of(t).clock.tick(t); }

 private:
  struct thread_clocks {
    vector_clock clock;
    vector_clock released_by_fence;  // its clock at its last release fence
    vector_clock acquired_relaxed;   // what its relaxed loads read, for an acquire fence
  };

  thread_clocks& of(thread_index t) {
    if (t >= threads_used_) [[unlikely]] grow_threads(t + 1);
    return threads_[t];
  }
  vector_clock& object_clock(std::uint32_t object) {
    if (object >= objects_used_) [[unlikely]] grow_objects(object + 1);
    return objects_[object];
  }
  void grow_threads(std::size_t count);
  void grow_objects(std::size_t count);

  // Entries past the *_used_ counts are storage kept from earlier executions (all zero
  // until used again): a new execution allocates nothing it had before.
  std::vector<thread_clocks> threads_;
  std::vector<vector_clock> finished_;  // aligned with threads_
  std::size_t threads_used_ = 0;
  std::vector<vector_clock> objects_;  // by object id: what operations on it released
  // Aligned with objects_, each object's second clock: unlock_shared's (shared_mutex), or a
  // channel's receives'.
  std::vector<vector_clock> released_to_writers_;
  std::size_t objects_used_ = 0;
};

}  // namespace weft::detail

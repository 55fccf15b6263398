// Which half of a synchronization each operation on a weft primitive performs: the
// happens-before edges of condition variables, channels, semaphores, latches, barriers,
// futures, once flags and mutexes, one table for them all.
//
// Each primitive's contract says what gives and what takes (ISO C++20 [thread]): a
// semaphore's release gives to the acquire that takes its count, a latch's count_down to
// the waits it ends, a future's set to the gets, a barrier's arrivals to the completion,
// a stop_callback's registration to its invocation. One clock per object (two for a
// channel) holds what was given, and an operation that takes takes all of it (a little
// more than its contract: an acquire takes every earlier release, not only the one whose
// count it got; never less, so no correct program is reported). A semaphore's acquire, a
// latch's wait and a channel's send and receive take only when they go ahead.
// An operation that only waits, tries and fails, or times out gives nothing: a thread
// that looked and went on is not ordered before what comes later (made both ways, a
// failed try_acquire's past flowed into the semaphore and on to the next release, and
// the race between the two threads' writes around them went unseen). Condition variables
// order nothing (their mutex does). Halves an operation performs later than its
// scheduling point are performed by the primitive itself (sync/ordering.hpp): a once
// flag's completion, a barrier's last arrival, phase end and wait, a mutex's take, a
// stop_callback's run, a semaphore's acquire and a latch's wait once they go ahead, and a
// channel's sends and receives, whose two directions have a clock each (channel.cpp).
// An op a primitive's table does not list synchronizes both ways (never too little).
#pragma once

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail {

enum class sync_effect : std::uint8_t {
  none,
  acquires,            // takes what the object was given
  releases,            // gives the thread's past to the object
  both,                // acquires and releases (an operation this table does not know)
  releases_to_writers, // a shared_mutex's unlock_shared: only exclusive takers take it
};

// The effect of `what` by the running thread on an object of `kind`, at its event. None
// for threads: their start and join edges are the execution's (execution::order_event).
sync_effect effect_of(object_kind kind, op what) noexcept;

}  // namespace weft::inline sim_v1::detail

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

// The table of each kind of primitive.
namespace sync_effects {

inline sync_effect of_mutex(op what) noexcept {
  switch (what) {
    // A mutex acquires when it is taken (mutex_core::take, try_lock_shared): a try that
    // fails synchronizes with nothing.
    case op::lock:
    case op::try_lock:
    case op::try_lock_shared: return sync_effect::none;
    case op::lock_shared:
    case op::woken: return sync_effect::acquires;
    case op::unlock: return sync_effect::releases;
    case op::unlock_shared: return sync_effect::releases_to_writers;
    default: return sync_effect::both;
  }
}

inline sync_effect of_future(op what) noexcept {
  switch (what) {
    // Making the state ready synchronizes with a wait that finds it ready ([futures.state]).
    case op::set_value:
    case op::abandon: return sync_effect::releases;
    case op::get:
    case op::wait:
    case op::wait_deferred:
    case op::woken: return sync_effect::acquires;
    // The result stored for the thread's end, where a set event gives (op::set_value).
    case op::set_at_thread_exit: return sync_effect::none;
    default: return sync_effect::both;
  }
}

// A channel's sends and receives order themselves (channel.cpp): at their points and
// wakes, nothing. A close gives to the receives that find it closed; an observation
// (size, is_closed) takes what sends and closes gave.
inline sync_effect of_channel(op what) noexcept {
  switch (what) {
    case op::send:
    case op::recv:
    case op::woken: return sync_effect::none;
    case op::load: return sync_effect::acquires;
    case op::close: return sync_effect::releases;
    default: return sync_effect::both;
  }
}

// An acquire takes the releases once it has the count (semaphore_core::acquire).
inline sync_effect of_semaphore(op what) noexcept {
  switch (what) {
    case op::release: return sync_effect::releases;
    case op::acquire:
    case op::woken: return sync_effect::none;
    default: return sync_effect::both;
  }
}

// A wait or try_wait takes the count_downs once it finds the count at zero (latch.cpp).
inline sync_effect of_latch(op what) noexcept {
  switch (what) {
    case op::count_down: return sync_effect::releases;
    case op::wait:
    case op::load:  // try_wait
    case op::woken: return sync_effect::none;
    default: return sync_effect::both;
  }
}

// The completion gives to the waits it ends (barrier_core::finish_phase, wait).
inline sync_effect of_barrier(op what) noexcept {
  switch (what) {
    case op::arrive: return sync_effect::releases;
    case op::woken: return sync_effect::acquires;
    default: return sync_effect::both;
  }
}

// The registration gives to the callback's invocation (stop_callback_core::started takes
// it), and the callback's return to a destructor that waited for it (finished gives); a
// destructor takes it in any case, as std's implementations order it after the run.
inline sync_effect of_stop_callback(op what) noexcept {
  switch (what) {
    case op::register_callback: return sync_effect::releases;
    case op::deregister_callback:
    case op::woken: return sync_effect::acquires;
    default: return sync_effect::both;
  }
}

// The function's completion gives (once_core::finish).
inline sync_effect of_once(op what) noexcept {
  switch (what) {
    case op::call_once:
    case op::woken: return sync_effect::acquires;
    default: return sync_effect::both;
  }
}

}  // namespace sync_effects

// The effect of `what` by the running thread on an object of `kind`, at its event. None
// for threads: their start and join edges are the execution's (execution::order_event).
// Inline, as the table: every event of a run that tracks happens-before asks (most of
// them an atomic's, answered at the first switch).
inline sync_effect effect_of(object_kind kind, op what) noexcept {
  using namespace sync_effects;
  switch (what) {
    // Waiting, giving up, or going away orders nothing.
    case op::blocked:
    case op::timed_out:
    case op::destroy: return sync_effect::none;
    default: break;
  }
  switch (kind) {
    case object_kind::none:
    case object_kind::shared_cell:
    // A thread's start and join are the execution's edges (execution::order_event).
    case object_kind::thread:
    // The atomic's own operations, wait included, come with their orders from the atomic.
    case object_kind::atomic:
    // An injected cancellation: the request is std's, the stop_source no weft object.
    case object_kind::stop_source:
    // Notifies and waits order nothing; the waiter's mutex does.
    case object_kind::condition_variable: return sync_effect::none;
    case object_kind::mutex:
    case object_kind::recursive_mutex:
    case object_kind::shared_mutex:
    case object_kind::timed_mutex:
    case object_kind::recursive_timed_mutex: return of_mutex(what);
    case object_kind::future: return of_future(what);
    case object_kind::channel: return of_channel(what);
    case object_kind::semaphore: return of_semaphore(what);
    case object_kind::latch: return of_latch(what);
    case object_kind::barrier: return of_barrier(what);
    case object_kind::once_flag: return of_once(what);
    case object_kind::stop_callback: return of_stop_callback(what);
  }
  return sync_effect::both;
}

}  // namespace weft::inline sim_v1::detail

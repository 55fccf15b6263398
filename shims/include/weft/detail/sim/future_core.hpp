// Simulated state of a future's shared state: whether the result is there, and who waits
// for it. The result itself lives beside it, in the typed shared state (future.hpp).
#pragma once

#include <source_location>

#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

class execution;

class future_core {
 public:
  explicit future_core(std::source_location declared) noexcept : object_(object_kind::future, declared) {}
  ~future_core();
  future_core(const future_core&) = delete;
  future_core& operator=(const future_core&) = delete;

  // The producer's scheduling point, before it stores the result: `what` is op::set_value,
  // or op::set_at_thread_exit for a result made ready at the thread's end, which orders
  // nothing yet. May throw execution_aborted. Outside an exploration: nothing.
  void before_set(std::source_location where, op what = op::set_value);
  // Marks the result there and wakes every waiter, without a scheduling point (a broken
  // promise is published from a destructor). The caller stores the result first, once.
  void make_ready() noexcept;
  // make_ready() for a promise destroyed unsatisfied (broken_promise), from its
  // destructor: no scheduling point, but an event, and what the destroying thread did
  // happens before the get() that sees the broken promise, as a set's ([futures.state]).
  void abandon() noexcept;
  // make_ready() at the end of the thread that stored the result with
  // set_value_at_thread_exit (or make_ready_at_thread_exit), after its thread_specific
  // values are gone: no scheduling point, but a set event at `where`, so that what the
  // thread did until its end happens before the get() that sees the result.
  void make_ready_at_thread_exit(std::source_location where) noexcept;
  // A scheduling point, then blocks until the result is there or `deadline` passes (the
  // strategy may fire a timeout early, as for every timed wait). Returns whether the
  // result is there. `what` (op::get or op::wait) names the operation in reports.
  // Outside an exploration, waiting for a result that is not there throws
  // weft::usage_error (nothing could ever store it). May throw execution_aborted.
  bool wait(virtual_time deadline, op what, std::source_location where);
  // A timed wait on a deferred function's future (async with launch::deferred), which
  // returns future_status::deferred at once and never ready: only get() or wait() runs the
  // function. A scheduling point and a failed attempt, so that a loop polling it until
  // ready spins (a livelock under max_steps, naming the future) instead of running past
  // every point until the stall watchdog ends it. May throw execution_aborted.
  void poll_deferred(std::source_location where);
  bool ready() const noexcept { return ready_; }

 private:
  // The scheduling point of `what` (`named` in a foreign thread's misuse report): the
  // running execution after it, or nullptr outside one or when the future was destroyed
  // (reported). May throw execution_aborted.
  execution* point(op what, const char* named, std::source_location where);

  sim_object object_;
  bool ready_ = false;
  wait_queue waiters_;
};

}  // namespace detail
WEFT_END_NAMESPACE

// The narrow interface between the simulated shims and the scheduler library.
//
// Shim headers stay thin: each primitive holds a small "core" whose layout is declared
// here and whose operations are implemented in scheduler/src/sync/. Nothing in this file
// knows which exploration strategy is running.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <source_location>
#include <stop_token>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

using thread_index = std::uint32_t;
inline constexpr thread_index no_thread = ~thread_index{0};

// What a simulated thread does at a scheduling point; recorded in traces and reports.
enum class op : std::uint8_t {
  start, spawn, join, detach, yield, finish, blocked, woken, timed_out, sleep,
  lock, try_lock, unlock, lock_shared, try_lock_shared, unlock_shared,
  wait, notify_one, notify_all,
  load, store, exchange, compare_exchange, fetch_modify, atomic_wait, atomic_notify,
  send, recv, close, send_on_full, recv_on_empty,
  acquire, release, count_down, arrive, arrive_and_wait,
  cancel_injected, buggify_fired, timeout_fired_early,
  assertion,
  set_value, get, call_once,
  fence,
  abandon,  // a promise or packaged_task destroyed unsatisfied: its futures are ready (broken)
  register_callback, deregister_callback,  // a stop_callback's constructor and destructor
  request_stop,                            // a jthread's
  woken_spuriously,                        // a condition variable's waiter, without a notify
  wait_deferred,  // a timed wait on a deferred function's future: it returns at once, never ready
  destroy,        // an object's destructor: not a point, told to strategies that observe events
  failed_spuriously,  // a compare_exchange_weak that found the expected value and failed
  set_at_thread_exit,  // a future's result stored now, ready at the thread's end (a set then)
};

enum class object_kind : std::uint8_t {
  none, thread, mutex, recursive_mutex, shared_mutex, timed_mutex, recursive_timed_mutex,
  condition_variable, atomic, channel, semaphore, latch, barrier, stop_source,
  future, once_flag, shared_cell, stop_callback,
};

// Virtual time: nanoseconds since the execution's epoch (0 when it starts). Deadlines are
// absolute virtual times; no_deadline waits forever.
using virtual_time = std::int64_t;
inline constexpr virtual_time no_deadline = std::numeric_limits<virtual_time>::max();

// Why a blocked thread runs again.
enum class wake_reason : std::uint8_t {
  notified,   // woken by the primitive it waits on (or spuriously, when it allows that)
  timed_out,  // its deadline passed (or the strategy fired the timeout early)
  stopped,    // a stop was requested on the stop_token it waits with
  torn_down,  // the execution is stopping; the caller must return without waiting
};

// Identity of a simulated object within one execution. Objects may outlive an execution
// (a mutex at namespace scope); the first touch in a new execution gives the object a
// fresh id and tells its owner to forget state left behind by the previous execution.
//
// A seal tells a live object from a destroyed one: the destructor breaks it, so an
// operation on a weft object after its destructor ran (or on memory that never held one,
// or holds something else now) is reported as a misuse instead of being read as a
// mutex's state.
class sim_object {
 public:
  sim_object(object_kind kind, std::source_location declared) noexcept;
  sim_object(const sim_object&) = delete;
  sim_object& operator=(const sim_object&) = delete;
  // Breaks the seal, and tells the running execution who destroyed the object.
  ~sim_object();

  enum class touch : std::uint8_t {
    known,   // touched before in this execution
    first,   // first touch in this execution: the caller resets its simulated state
    broken,  // destroyed, or not a weft object: the execution has failed (misuse); the
             // caller must not read or write the object's state, and returns at once
             // (through abort_if_stopping where it may throw)
  };
  // Called by every operation, before it reads the object's state, with the user's line
  // of that operation. Requires a running execution.
  touch enter_execution(std::source_location where) noexcept;
  // Whether the memory still holds a live weft object (its seal is intact).
  bool intact() const noexcept { return seal_ == sealed; }
  // Whether it was destroyed and its memory not reused since (its other fields are
  // still what they were).
  bool destroyed() const noexcept { return seal_ == broken_seal; }

  std::uint32_t id() const noexcept { return id_; }
  // The execution that last touched it, and the one it was made in (0: none).
  std::uint64_t generation() const noexcept { return generation_; }
  std::uint64_t born_in() const noexcept { return born_in_; }
  object_kind kind() const noexcept { return kind_; }
  std::source_location declared() const noexcept { return declared_; }
  // True when the object was touched by the execution running now.
  bool live() const noexcept;

 private:
  static constexpr std::uint32_t sealed = 0x77656674;  // "weft"
  static constexpr std::uint32_t broken_seal = 0xdead7765;

  std::uint64_t generation_ = 0;
  std::uint64_t born_in_ = 0;
  std::uint32_t id_ = 0;
  std::uint32_t seal_ = sealed;
  object_kind kind_;
  std::source_location declared_;
};

// FIFO of threads waiting on one object: its ends; the links between its threads are kept
// by the execution, by thread index.
struct wait_queue {
  thread_index head = no_thread;
  thread_index tail = no_thread;
};

// True while a simulated execution runs on this OS thread.
bool simulating() noexcept;
// True when this OS thread runs a simulated thread of the running execution: not the
// OS thread that called explore() (with the OS-thread backend), not an OS thread before
// its simulated thread started or after it finished.
bool on_simulated_thread() noexcept;
// True while the running execution is being torn down: an exception caught then may be
// weft's unwinding, which code that catches everything must let through.
bool stopping() noexcept;

// The running execution's virtual time; 0 outside an execution.
virtual_time now() noexcept;
// now(), as the code under test reads it (weft's clocks): a thread that reads it again and
// again without an operation in between waits for time to pass, and time passes
// (execution::read_clock).
virtual_time read_clock() noexcept;

// How a blocking operation waits: until woken, until `deadline`, or until a stop is
// requested on `stop` (when not null). A timeout (may_fire_early) can be fired before
// its deadline by the strategy, as on a slow machine; a sleep cannot.
struct wait_limits {
  virtual_time deadline = no_deadline;
  const std::stop_token* stop = nullptr;
  bool may_fire_early = true;
};

// Blocks the running thread in `queue` (which must not be null) on behalf of `object`
// until one of `limits` or a wake_one/wake_all of the queue. Returns why it woke; throws
// execution_aborted when the execution is stopping. Requires a running execution.
wake_reason wait_in(sim_object& object, wait_queue& queue, op what, wait_limits limits,
                    std::source_location where);
// Wakes one waiter of `queue` (the strategy picks which) or all of them, without a
// scheduling point. Returns how many were woken.
std::size_t wake(wait_queue& queue, bool all) noexcept;

// weft::random(): the next value of the execution's stream, whose seed the strategy
// chooses (and the token records). Outside an execution: real randomness.
std::uint64_t random_value();
// weft::buggify(): whether this call site fails now (the strategy decides; each site
// fails at most once per execution). Outside an execution: false.
bool buggify(double probability, std::source_location where);
// weft::cancellable(): lets the exploration request_stop() on `source` at any
// scheduling point. Outside an execution: nothing.
void cancellable(const std::stop_source& source) noexcept;
// Called by every weft::jthread for its own stop source, once its thread `thread` was
// started: the thread holds a token of it (holds_stop_token); cancellable only when
// options::cancel_jthreads is set.
void jthread_started(const std::stop_source& source, thread_index thread) noexcept;
// The running thread holds a token of `token`'s stop state (it waits with it, or registers
// a stop callback on it): from a stop request on that state on, what the requesting
// thread did before it happens before what this thread does, as when a stop_requested()
// sees the request (C++20 [thread.stoptoken.intro]; std's own code, which weft cannot see).
void holds_stop_token(const std::stop_token& token) noexcept;
// A weft::stop_source made `source`'s state: watched from now on, with no thread holding
// a token yet.
void stop_source_made(const std::stop_source& source) noexcept;
// A scheduling point before a jthread requests a stop (request_stop(), its destructor):
// other threads may run up to the moment of the request. Never throws (request_stop is
// noexcept): a torn-down execution just goes on.
void before_stop_request(std::source_location where) noexcept;

// Invariants checked at every scheduling point (weft::always / weft::eventually).
// `within_steps` is 0 for always. Returns an id for remove_invariant.
std::uint64_t add_invariant(bool (*check)(void*), void* state, const char* name, std::uint64_t within_steps,
                            std::source_location where);
void remove_invariant(std::uint64_t id) noexcept;

// Fails the running execution with a misuse report; throws execution_aborted unless a
// stack is unwinding. Outside an execution throws weft::usage_error with the message.
void misuse(const char* message, std::source_location where);

// A scheduling point before a visible operation on `object` (nullptr for none). The
// strategy may switch to another thread here. Throws detail::execution_aborted when the
// execution is being torn down (a failure was found); callers let it propagate. Returns
// false when `object` was destroyed, before the point or by another thread while this
// one stood at it (reported as a misuse): the caller must not touch it.
[[nodiscard]] bool visible_op(op what, sim_object* object, std::source_location where);

// The outcome of a non-blocking attempt (try_lock, try_acquire, try_send/try_recv, a
// compare-exchange, test_and_set). A thread whose attempts keep failing spins, as one
// that yields: the strategies let the others run first, so a retry loop is never taken
// for a livelock. Outside an execution: nothing.
void attempted(bool succeeded) noexcept;

// Fails the running execution with an assertion failure and, unless a stack is already
// unwinding (then it returns), throws execution_aborted. Outside an execution it prints
// the failure and aborts, as assert does.
void assertion_failed(const char* expression, const char* message,
                                   std::source_location where);

// A GoogleTest assertion failed inside an execution: fails it with an assertion
// failure. Never throws (GoogleTest returns from the function itself after ASSERT_*).
void test_assertion_failed(const char* message, const char* file, int line) noexcept;

}  // namespace detail
WEFT_END_NAMESPACE

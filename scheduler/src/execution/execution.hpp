// One execution: one run of the test body, every simulated thread a fiber on the calling
// OS thread, every scheduling decision delegated to a strategy and recorded.
//
// Control flow. run() switches from the host (the OS thread's stack) to the main
// thread's fiber. From then on fibers switch directly to each other at scheduling
// points; the host is resumed only when the execution is over: every thread finished, or
// a failure was found. On a failure the thread that found it goes to the host at its
// next scheduling point, and the host tears the execution down: it resumes each
// unfinished thread in turn, youngest first, and the scheduling point it is in throws
// execution_aborted, unwinding its stack so destructors run and nothing leaks.
//
// Implemented across execution.cpp (running, scheduling points), choosing.cpp (the
// runnable set, the strategy's choices, virtual time), threads.cpp (spawn, join, finish),
// waiting.cpp (blocking and waking) and failure.cpp.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <source_location>
#include <span>
#include <stop_token>
#include <string>
#include <unordered_map>
#include <vector>

#include <weft/detail/sim/runtime.hpp>
#include <weft/detail/sim/thread_core.hpp>
#include <weft/report.hpp>

#include "execution/config.hpp"
#include "execution/failure.hpp"
#include "execution/foreign_use.hpp"
#include "execution/objects.hpp"
#include "execution/progress_beacon.hpp"
#include "execution/stop_states.hpp"
#include "execution/thread_record.hpp"
#include "execution/trace_buffer.hpp"
#include "execution/backend.hpp"
#include "fiber/fiber_backend.hpp"
#include "memory/atomic_memory.hpp"
#include "memory/happens_before.hpp"
#include "schedule/choice_log.hpp"
#include "strategy/prng.hpp"
#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

// Thrown at a scheduling point to unwind a thread of an execution being torn down. Not a
// std::exception, so `catch (const std::exception&)` in the code under test lets it pass.
struct execution_aborted {};

class execution;
// The execution running on this OS thread (execution::current()). Read at every operation
// of every shim: the initial-exec model makes it one load from the thread pointer instead
// of a call to __tls_get_addr in position-independent code, and constinit spares every
// use the test and call of a thread-local initialisation wrapper.
extern constinit __attribute__((tls_model("initial-exec"))) thread_local execution* running_execution;

class execution final : private execution_backend::thread_body {
 public:
  // `threads` runs the simulated threads; it must outlive the execution and serve one
  // execution at a time.
  execution(strategy& chooser, const execution_config& config, execution_backend& threads);
  ~execution();
  execution(const execution&) = delete;
  execution& operator=(const execution&) = delete;

  // Runs `body` once as the main thread. Returns when every thread has finished or the
  // execution failed and was torn down. Not reentrant: one execution per OS thread.
  // Throws weft::resource_error when the system refused a thread's stack (after tearing
  // the execution down, every thread unwound), std::bad_alloc, and usage_error when
  // called from inside an execution.
  void run(const std::function<void()>& body);

  // The execution running on this OS thread, or nullptr.
  static execution* current() noexcept { return running_execution; }

  // ---- results of the last run ----
  bool failed() const noexcept { return failure_.kind != failure_kind::none; }
  const failure_record& failure() const noexcept { return failure_; }
  std::uint64_t steps() const noexcept { return steps_; }
  std::size_t thread_count() const noexcept { return threads_.size(); }
  // Scheduling points passed in all runs so far; read by the watchdog from its own thread.
  std::uint64_t progress() const noexcept { return progress_.load(std::memory_order_relaxed); }
  // What `thread` (< thread_count()) does: its last operation, or what it waits on.
  const activity& doing(thread_index thread) const noexcept { return threads_[thread]->doing; }
  // The kernel's id of the OS thread running `thread` (< thread_count()), or 0 for the
  // one that called run(); read by the watchdog.
  int kernel_thread(thread_index thread) const noexcept { return backend_.kernel_thread(thread); }
  // The pthread_t of the OS thread running `thread`, if it has one of its own.
  std::optional<pthread_t> os_thread(thread_index thread) const noexcept { return backend_.os_thread(thread); }
  const choice_log& choices() const noexcept { return choices_; }
  // The events kept: all of them, unless the run was told to keep only the latest
  // (keep_every_event) and had more; events()[i] is then event events_dropped() + i.
  std::span<const event> events() const noexcept { return trace_.events(); }
  std::size_t events_dropped() const noexcept { return trace_.dropped(); }
  bool events_complete() const noexcept { return trace_.complete(); }
  // How many events the run has recorded so far, kept or not.
  std::size_t event_count() const noexcept { return trace_.count(); }
  // Whether the next runs keep every event (the default) or only the latest few (see
  // trace_buffer): an exploration's runs that pass need no trace.
  void keep_every_event(bool every) noexcept { trace_.keep_every_event(every); }
  // What the memory model made an event do that its operation does not say (a load that
  // read an older store), for reports; `related` numbers (from 1) the event it refers
  // to, 0 for none.
  struct explanation {
    std::size_t event;  // counted from the run's first event, kept or not
    std::string text;
    std::uint64_t related;
  };
  const std::vector<explanation>& explanations() const noexcept { return explanations_; }
  void explain_last_event(std::string text, std::uint64_t related) {
    if (trace_.count() != 0) explanations_.push_back({trace_.count() - 1, std::move(text), related});
  }
  const std::vector<object_info>& objects() const noexcept { return objects_; }
  std::string thread_name(thread_index thread) const;

  // ---- for the shims (scheduler/src/sync) ----
  thread_index running() const noexcept { return running_; }
  std::uint64_t generation() const noexcept { return generation_; }
  std::uint32_t register_object(object_kind kind, std::source_location declared, std::source_location first_used);
  // ---- objects' lifetimes (objects.cpp) ----
  // The object with this id (registered in this execution) is being destroyed.
  void object_destroyed(std::uint32_t id) noexcept;
  // Fails the execution (misuse): an operation at `where` on `object`, whose seal is
  // broken (destroyed, or memory that does not hold a weft object). Reads nothing of the
  // object but its seal, unless the seal says it was destroyed whole.
  void broken_object_used(const sim_object& object, std::source_location where) noexcept;
  // Fails the execution (misuse): the running thread's operation at `where` on the object
  // with this id, which another thread destroyed while it stood at the operation's
  // scheduling point. Reads nothing of the object.
  [[gnu::cold, gnu::noinline]] void used_after_destruction(std::uint32_t id, std::source_location where) noexcept;
  // Whether `about` is an object of this execution destroyed since: after a point that
  // may return while stopping (may_throw false, or a stack unwinding), the caller asks
  // before it touches the object. Reads nothing of the object.
  bool destroyed(target about) const noexcept {
    return about.kind != object_kind::none && about.kind != object_kind::thread &&
           versions_[about.id] >= destroyed_version;
  }
  // A runnable thread other than the running one whose operation is `what` on `about`
  // (it stands at that operation's scheduling point, or was woken from a wait there and
  // has not run since), or no_thread. A pass over the runnable threads.
  thread_index standing_at(op what, target about) const noexcept;
  bool stopping() const noexcept { return stopping_; }
  // While an invariant is evaluated (weft::always, eventually): its reads are weft's
  // observation of the state between two operations, not accesses of the running thread.
  bool evaluating_invariants() const noexcept { return evaluated_ != nullptr; }

  // A scheduling point before `what`. May switch threads; throws execution_aborted when
  // the execution is stopping and throwing is safe; otherwise, while stopping, returns
  // at once without recording anything (the operation then completes passively).
  void point(op what, target about, std::source_location where, bool may_throw = true);
  // point(), for a step whose object std lets another thread destroy meanwhile: a
  // spurious wakeup on its way out of a condition variable's wait, which touches it no
  // more (it may be destroyed once every waiter was notified); a latch's wait, which
  // returns on a latch destroyed with its count at zero (the caller asks destroyed()).
  // At every other point the object must outlive the point: one destroyed meanwhile
  // fails the execution as a use after destruction (used_after_destruction), and the
  // point throws, or returns while stopping, without the operation.
  void point_past(op what, target about, std::source_location where);
  // point(), then whether the execution tracks memory (tracked()): for an atomic's
  // operation, whose before() ends in a tail call to it. After a switch, each frame
  // between the jump and the code under test is a return the processor mispredicts
  // unless the other thread was suspended from the same code (its return-address
  // predictor holds that thread's frames), so a shim that would only read a flag after
  // the point leaves its frame to this one.
  bool point_then_tracked(op what, target about, std::source_location where);
  // point(), then then(object, where) from this frame: for an operation with more to do
  // after its point (taking a mutex), called last by the shim, so that the shim's frame
  // is not on the stack across the switch either. `then` may throw.
  void point_then(op what, target about, std::source_location where, void (*then)(void* object, std::source_location),
                  void* object);
  // Records an event without a scheduling point (unlock, detach).
  void note(op what, target about, std::source_location where) noexcept {
    if (!stopping_) record_event(what, about, where);
  }
  // When the execution is stopping: waits until the teardown unwinds the running thread
  // (wait_for_teardown), then throws execution_aborted if throwing is safe (may_throw,
  // and no exception is already unwinding the stack); otherwise returns, and the caller
  // completes its operation passively. A thread that swallowed the unwinding twice is
  // abandoned here instead (it never returns).
  void abort_if_stopping(bool may_throw = true);
  // When the execution is stopping and the running thread is not the one the teardown
  // unwinds now, switches to the host, which unwinds every thread youngest first; returns
  // when the teardown resumes this thread. Call only where switching is safe: at a
  // scheduling point or a failure reported from the code under test.
  void wait_for_teardown();

  // A non-blocking attempt of the running thread succeeded or failed (see runtime.hpp).
  void attempted(bool succeeded) noexcept {
    if (running_ >= threads_.size()) return;
    thread_record& me = self();
    const bool again = me.failed_attempts > 0 && same_site(me.failed_at, me.doing.where);
    me.failed_attempts = succeeded ? 0 : again ? me.failed_attempts + 1 : 1;
    me.failed_at = me.doing.where;
  }

  // Writes into the trace, and only there, something the exploration did to the running
  // thread at `about` (a spurious wakeup): the report lists it with the injections; no
  // strategy or memory model hears of it, as it is no operation of the thread's.
  void record_injection(op what, target about, const std::source_location& where) {
    trace_.push(steps_, now_, where, about.id, running_, what, about.kind);
  }

  // Asks the strategy a question other than "who runs next"; recorded.
  std::uint64_t choose(decision what, std::uint64_t range, std::uint64_t fallback, double probability = 0);
  bool spurious_wakeups_enabled() const noexcept { return config_.spurious_wakeups; }
  const execution_config& config() const noexcept { return config_; }
  virtual_time now() const noexcept { return now_; }
  // now(), for weft's clocks: a thread that reads the clock again and again without passing
  // a scheduling point (`while (steady_clock::now() < deadline) {}`) waits for time to pass,
  // and no other thread can run meanwhile; from its clock_rereads-th read in a row, each
  // read lets time pass (let_time_pass).
  virtual_time read_clock();

  // ---- waiting (waiting.cpp) ----
  void enqueue(wait_queue& queue) noexcept;
  void dequeue(wait_queue& queue, thread_index thread) noexcept;
  bool in_queue(thread_index thread) const noexcept { return threads_[thread]->queue != nullptr; }
  // Blocks the running thread until another makes it runnable, its deadline passes or
  // (may_fire_early) the strategy fires its timeout, or a stop is requested. Returns
  // torn_down when the execution is stopping and may_throw is false (or unsafe): the
  // caller must then finish its operation without waiting; otherwise throws then. A
  // deadline already passed times out at once, as a failed attempt (attempted(false)).
  // Inline, so that it adds no frame across the switch (see point_then_tracked).
  wake_reason sleep(op what, target about, std::source_location where,
                    thread_index holder = no_thread, bool may_throw = true,
                    const wait_limits& limits = {}) {
    if (!stopping_) {
      const bool stoppable = limits.stop != nullptr;
      if (stoppable) hold_stop_token(*limits.stop, running_);
      if (stoppable && limits.stop->stop_requested()) return leave_queue(wake_reason::stopped);
      if (limits.deadline <= now_) {
        // It never waited: a zero timeout or a deadline of now() polled in a loop is a
        // spin like a try_ that fails (the thread that would end it must run first).
        attempted(false);
        return leave_queue(wake_reason::timed_out);
      }
      if (stoppable) return block_stoppable(what, about, where, holder, may_throw, limits);
    }
    return block(what, about, where, holder, may_throw, limits);
  }
  // Ends a blocked thread's wait for `reason` without a scheduling point (timers, stop
  // callbacks, notifies).
  void end_wait(thread_index thread, wake_reason reason) noexcept;
  // Makes waiters runnable (or blocked again) while leaving them queued (mutexes). Inline
  // for the usual case at every lock and unlock: nobody waits.
  void set_queue_runnable(const wait_queue& queue, bool runnable) noexcept {
    if (queue.head != no_thread) set_waiters_runnable(queue, runnable);
  }
  // Removes waiters from the queue and makes them runnable (condition variables).
  void wake_all(wait_queue& queue) noexcept;
  // Wakes one waiter, chosen by the strategy; returns false if the queue was empty.
  bool wake_one(wait_queue& queue);
  // Called when the object owning `queue` is destroyed: its waiters stay blocked but
  // no longer point into it.
  void abandon(wait_queue& queue) noexcept;
  std::size_t waiting(const wait_queue& queue) const noexcept;

  // Whether the running thread holds a weft mutex (or a pthread one, interposed)
  // exclusively: then no other thread that takes the mutex runs beside it. A shared hold
  // does not count: the other readers do.
  bool running_holds_exclusive_lock() const noexcept {
    if (running_ >= threads_.size()) return false;
    const std::vector<held_lock>& held = threads_[running_]->held;
    return std::any_of(held.begin(), held.end(), [](const held_lock& h) { return h.how == hold::exclusive; });
  }
  // ---- locks held, for the lock-across-blocking check (waiting.cpp) ----
  void acquired(const sim_object& mutex, std::source_location where, hold how) {
    self().held.push_back({&mutex, where, how});
    ++locks_held_;
  }
  // Inline for the usual case, the newest lock released first.
  void released(const sim_object& mutex) noexcept {
    auto& held = self().held;
    if (!held.empty() && held.back().mutex == &mutex) {
      held.pop_back();
      --locks_held_;
    } else {
      released_out_of_order(mutex);
    }
  }
  // The running thread's next step locks the weft mutex whose owner field is `owner`
  // (no_thread while it is free); until about_to_lock(nullptr), strategies are not offered
  // it while another thread owns that mutex. `owner` must outlive that.
  void about_to_lock(const thread_index* owner) noexcept { self().lock_owner = owner; }

  // Happens-before between the threads' operations so far (memory/happens_before.hpp),
  // when tracked(); which store each atomic load reads (memory/atomic_memory.hpp).
  happens_before& memory() noexcept { return memory_; }
  atomic_memory& atomics() noexcept { return atomics_; }
  bool tracked() const noexcept { return memory_mode_ != memory_mode::untracked; }
  // Called while untracked where tracking would matter (see execution_config::track_lazily):
  // the next runs are tracked.
  void needs_tracking() noexcept { tracking_needed_ = true; }
  // The last run was untracked but met what needs tracking: run it again, tracked.
  bool tracking_started() const noexcept { return !tracked() && tracking_needed_; }
  // Before a call that may block: with the check enabled, fails the execution if the
  // running thread holds a weft mutex (other than `released_by_wait`, which a condition
  // variable wait releases). Throws execution_aborted then. Inline for the usual case:
  // the check is off, or the thread holds no lock.
  void check_not_holding_locks(op what, target about, std::source_location where,
                               const sim_object* released_by_wait = nullptr) {
    if (config_.check_lock_across_blocking && !stopping_ && !self().held.empty()) {
      check_held_locks(what, about, where, released_by_wait);
    }
  }
  // At a co_await of a weft::task: with the check enabled (the default), fails the
  // execution if the running thread holds a weft mutex. Throws execution_aborted then.
  void check_not_holding_locks_across_await(std::source_location where);

  // ---- what the exploration injects (injection.cpp) ----
  std::uint64_t random_value();
  bool buggify(double probability, std::source_location where);
  // Who registered a stop source: the user (weft::cancellable), a jthread or a task;
  // the latter two count only when options::cancel_jthreads / cancel_tasks is set.
  enum class stop_owner : std::uint8_t { user, jthread, task };
  void add_cancellable(const std::stop_source& source, stop_owner owner, thread_index task = no_thread);

  // ---- the happens-before edge of a stop request (stop_states.cpp) ----
  // `holder` (no_thread: none) holds a token of `token`'s stop state: from a stop request
  // on it on (or now, if one was made while the execution watched the state), what the
  // requesting thread did before the request happens before what `holder` does next.
  // Out of memory, the edge is lost, never the run.
  void hold_stop_token(const std::stop_token& token, thread_index holder) noexcept;
  // Called by a watched state's callback (stop_state_watch::on_request), inside
  // request_stop() on the requesting thread: the edge to every holder.
  void stop_requested_on(std::size_t state) noexcept;

  // ---- invariants (invariants.cpp) ----
  std::uint64_t add_invariant(bool (*check)(void*), void* state, std::string name, std::uint64_t within_steps,
                              std::source_location where);
  void remove_invariant(std::uint64_t id) noexcept;

  // ---- threads (threads.cpp) ----
  // `is_task`: the thread runs a weft::task (weft::spawn).
  thread_handle spawn(const task& body, std::source_location where, bool is_task = false);
  // A task ended with `error` and the handle that could have awaited it was dropped:
  // fails the execution with the exception, naming the task (no_thread: a child of a
  // task_group destroyed without wait()) and `where`.
  void lost_task_error(std::exception_ptr error, thread_index task, std::source_location where);
  void join(thread_handle thread, std::source_location where, bool may_throw);
  void detach(thread_handle thread, std::source_location where);
  void destroyed_joinable(thread_handle thread) noexcept;
  void set_name(std::string name) { threads_[running_]->name = std::move(name); }
  // Runs run(object, thread) when the running thread finishes (newest first).
  void at_thread_exit(void (*run)(void*, thread_index), void* object);
  // Runs run(object, thread) when the running thread finishes, after every at_thread_exit
  // hook (oldest first).
  void after_thread_exit(void (*run)(void*, thread_index), void* object);
  // Drops every registration for `object` (it is being destroyed).
  void forget_thread_exit(void* object) noexcept;

  // ---- for the crash handler: reads only, allocates nothing (async-signal-safe) ----
  struct overflow_site {
    thread_index thread = no_thread;
    const char* name = "";  // empty: reports call it "main" or "thread-N"
    std::size_t stack_size = 0;
  };
  // The unfinished thread whose stack's guard region holds `address` (thread no_thread
  // if none): a fault there is that thread's stack overflow.
  overflow_site overflow_at(const void* address) const noexcept;

  // ---- failures (failure.cpp) ----
  // Records a failure (the first one wins) and makes the execution stop: the next
  // scheduling point of every thread unwinds it. Does not throw.
  // A location with line 0 stands for "where the running thread is".
  void fail(failure_kind kind, std::string message, std::source_location where) noexcept;
  void fail(failure_kind kind, std::string message, source_line where) noexcept;

 private:
  thread_record& self() noexcept { return *threads_[running_]; }
  void set_waiters_runnable(const wait_queue& queue, bool runnable) noexcept;
  void check_held_locks(op what, target about, std::source_location where, const sim_object* released_by_wait);
  // A wait that ends without blocking: the running thread leaves the queue it was put
  // in, if any; returns `why`.
  wake_reason leave_queue(wake_reason why) noexcept;
  // block() with a stop callback that ends the wait.
  wake_reason block_stoppable(op what, target about, std::source_location where, thread_index holder,
                              bool may_throw, const wait_limits& limits);
  // sleep() once the thread must block: blocks it, lets another run, and returns why it
  // woke (torn_down, leaving the queue, when the execution is stopping).
  wake_reason block(op what, target about, std::source_location where, thread_index holder, bool may_throw,
                    const wait_limits& limits);
  void released_out_of_order(const sim_object& mutex) noexcept;
  thread_index add_thread(const task& body);
  // Records an event: a store into the trace, and what the strategy or the memory model
  // must hear of it. Inline: called at every point, its call cost as much as the rest.
  void record_event(op what, target about, const std::source_location& where) {
    trace_.push(steps_, now_, where, about.id, running_, what, about.kind);
    if (observing_ || tracked()) [[unlikely]] observe_event(what, about);
  }
  void observe_event(op what, target about);
  void go_host();
  // Whether `me` loads, at `where`, the object it loaded there last time, unchanged
  // since, for the spin_rereads-th time in a row (a spin).
  bool rereads_unchanged(thread_record& me, target about, const std::source_location& where) noexcept;
  // Picks the next thread among the runnable ones and switches to it (or to the host if
  // none can run: the run is over, or deadlocked). Inline, as switch_to: each call level
  // between a point and the switch costs its prologue at every point. Forced: left to
  // g++'s inliner, both were called out of line once the point grew by the check of a
  // destroyed object (3% more instructions per W1 execution).
  [[gnu::always_inline]] void reschedule() {
    const thread_index next = pick_next();
    if (stopping_) return;  // the strategy could not answer; the caller unwinds
    if (next != running_) switch_to(next);
  }
  // Who runs next (no_thread: nobody can). Inline for the usual case, no timeout the
  // strategy may fire early and a thread runnable; the strategy is asked only when two
  // or more are.
  thread_index pick_next() {
    if (early_firable_.empty()) [[likely]] {
      if (enabled_.size() == 1) return enabled_.front();
      if (enabled_.size() > 1) return choose_thread();
    }
    return pick_next_slowly();
  }
  // pick_next() when a timeout may fire early or nobody is runnable (virtual time jumps).
  thread_index pick_next_slowly();
  // Asks the strategy which of the runnable threads (two or more) runs next; recorded.
  thread_index choose_thread();
  // choose_thread's question to a strategy that does not draw uniformly (uniform_): out
  // of line, so that the random walk's choice saves no registers for the call.
  [[gnu::noinline]] thread_index ask_strategy(std::span<const thread_index> offered, thread_index fallback);
  // Whether `thread` is among `offered` (enabled_, or what without_blocked_lockers left of
  // it): a state read in the first case (most choices), a search of the few in the other.
  bool offers(std::span<const thread_index> offered, thread_index thread) const noexcept {
    if (offered.data() == enabled_.data()) return thread < threads_.size() && states_[thread] == thread_state::runnable;
    return sorted_threads_hold(offered, thread);
  }
  // Out of choose_thread's frame, which every point with a choice pays for: what each
  // runnable thread does next, for a strategy that reads it (into pending_); and the
  // strategy's answer naming no runnable thread (a replay diverged): fails, returns
  // `fallback`.
  [[gnu::noinline]] void collect_pending(std::span<const thread_index> offered);
  // The runnable threads but those whose next step locks a mutex another thread owns
  // (into offered_), or all of them if every one does. Called only while a lock is held.
  // A pass over the runnable threads at each such choice, cheaper than what it spares
  // even with thousands contending: each of them running into the held mutex, queueing,
  // and being let go again at the unlock (weft_bench_mutex_waiters: 4,000 threads, 9.4 ->
  // 2.7 µs a point).
  std::span<const thread_index> without_blocked_lockers();
  [[gnu::cold, gnu::noinline]] thread_index diverged(thread_index fallback);
  // Every change of a thread's state goes through here. It keeps enabled_ (the runnable
  // threads, ascending) up to date, in time that grows with the number of runnable
  // threads only, so a scheduling point costs the same however many threads are blocked
  // or finished. The caller guarantees enabled_ has room (add_thread reserves it).
  // set_queue_runnable changes many states at once and keeps enabled_ itself.
  void set_state(thread_index thread, thread_state state) noexcept {
    const bool was_enabled = states_[thread] == thread_state::runnable;
    const bool enabled = state == thread_state::runnable;
    states_[thread] = state;
    if (was_enabled == enabled) return;
    if (enabled) {
      insert_enabled(thread);
    } else {
      erase_enabled(thread);
    }
  }
  // Keep enabled_ ascending as `thread` joins or leaves it.
  static constexpr std::size_t scanned_enabled = 16;
  // set_waiters_runnable lists the runnable threads afresh when it wakes at least one in
  // this many threads.
  static constexpr std::size_t herd_scan_ratio = 8;
  void insert_enabled(thread_index thread) noexcept;
  void erase_enabled(thread_index thread) noexcept;
  // The earliest deadline of a blocked thread's wait (no_deadline: none has one). A pass
  // over every thread: called only when time may move.
  virtual_time earliest_deadline() const noexcept;
  // Jumps virtual time to the earliest deadline and ends those waits. False if none.
  bool advance_time();
  // At a point of a spinning thread: if every runnable thread spins, lets time pass
  // (let_time_pass). Out of line: called only from spins.
  [[gnu::noinline]] void pass_time_if_all_spin();
  // Time passes while threads only spin or read the clock: by a step that doubles while
  // nothing else happens (1 µs, 2 µs, ..., so that a loop waiting for a deadline meets it
  // within a few dozen steps however far it is, without jumping past nearer ones), or to
  // the earliest deadline of a waiting thread, if that comes first, whose wait then ends.
  void let_time_pass();
  // Lets the strategy fire one pending timeout now, as a slow machine would.
  void maybe_fire_early();
  // The fiber backend, the default, is switched inline: a call's frame between a point
  // and the jump would be one more return to mispredict after a switch (see
  // point_then_tracked), about a tenth of a short test's time. Every other backend goes
  // through execution_backend::transfer.
  [[gnu::always_inline]] void switch_to(thread_index next) {
    const thread_index me = running_;
    running_ = next;
    if (fibers_ != nullptr) [[likely]] {
      fibers_->switch_now(me, next);
    } else {
      backend_.transfer(me, next);
    }
  }
  // execution_backend::thread_body, what each simulated thread's context runs. leave()
  // finishes the running thread `index` and picks who runs next (host: nobody).
  void entered(thread_index index) noexcept override;
  void run_function(thread_index index) noexcept override { run_body(index); }
  thread_index leave(thread_index index) noexcept override;
  void detach_context() noexcept override;
  void run_body(thread_index index);
  // After pthread_exit on the first thread (a program's main), the process lives on until
  // its last thread ends (POSIX): the first thread waits for every other one.
  void outlive_other_threads();
  void run_exit_hooks(thread_index index);
  void finish(thread_index index);
  void check_main_returned_alone();
  void teardown();
  // Called through std::terminate when a thread being torn down could not be unwound
  // (it waited inside a destructor): marks it finished and leaves it for good.
  [[noreturn]] void abandon_running_thread();
  // A scheduling point reached while the execution is being torn down.
  [[gnu::cold]] void point_while_stopping(bool may_throw);
  // The body of point() and point_then_tracked(), inlined into each.
  // `uses_object`: false for point_past.
  [[gnu::always_inline]] inline void run_point(op what, target about, std::source_location where, bool may_throw,
                                               bool uses_object);
  // What a point does when attention_ is set or another OS thread used this execution's
  // objects: teardown, invariants, cancellations, the foreign use. Returns whether the
  // point goes on to choose the next thread. Recomputes attention_.
  [[gnu::cold, gnu::noinline]] bool attend_point(op what, target about, std::source_location where, bool may_throw);
  // The running thread resumed at a point whose object (its doing) another thread
  // destroyed meanwhile: used_after_destruction, then abort_if_stopping(may_throw). Out
  // of line, with nothing kept across the switch for it.
  [[gnu::cold, gnu::noinline]] void point_on_destroyed(bool may_throw);
  // The invariant being evaluated (evaluated_) reached an operation other than a load: a misuse (it runs
  // between two steps, on whichever thread made the last one, and may only read state).
  void refuse_in_invariant(op what, target about, std::source_location where);
  // The execution fails or was refused: every thread unwinds at its next point.
  void stop() noexcept {
    stopping_ = true;
    attention_ = true;
  }
  // Fails the execution as a livelock: it passed options::max_steps scheduling points,
  // or a spawn would start more than that many threads (spawns and joins pass no point,
  // so the step count misses a loop of them). Out of line, with the message it builds,
  // so that the point's own frame stays small.
  enum class limit : std::uint8_t { steps, threads };
  [[gnu::cold, gnu::noinline]] void fail_past_max_steps(limit passed, std::source_location where);
  // The step count passed step_limit_. At half of options::max_steps an execution that
  // has not ended looks like a livelock, and many such are a strategy's doing, not the
  // program's: std::lock's back-off between three threads ends under any schedule with
  // chance in it, but a rotation, or priorities that keep picking the same spinners, can
  // hold it in lock-step for ever. So from there on the execution draws every thread
  // choice uniformly at random (the fair tail; Coyote checks liveness the same way), and
  // only one that still makes no progress by max_steps is a livelock. Not in a replay,
  // which follows its token to the end. Returns whether the execution failed.
  [[gnu::cold, gnu::noinline]] bool passed_step_limit(std::source_location where);
  void bury_abandoned_threads();
  // The end of run(), thrown out of or not: this OS thread runs no execution any more.
  void end_run() noexcept;
  friend void terminate_while_simulating();
  void report_deadlock();
  void maybe_inject_cancellation(std::source_location where);
  // Evaluates the registered invariants on the state the last operation left.
  void check_invariants(std::source_location where);
  std::vector<thread_snapshot> snapshot() const;
  std::string describe_thread(thread_index thread) const;

  strategy& strategy_;
  execution_config config_;
  execution_backend& backend_;
  fiber_backend* const fibers_;  // backend_, if it is the fiber backend (switch_to)
  // Records of finished runs go to spare_ and are reused.
  std::vector<std::unique_ptr<thread_record>> threads_;
  std::vector<std::unique_ptr<thread_record>> spare_;
  // Each thread's state, by thread index: changed only by set_state and
  // set_waiters_runnable. Apart from the records, as the waiter links below, so that the
  // passes over many threads (a mutex's waiters at each unlock) read a compact array.
  std::vector<thread_state> states_;
  std::vector<thread_index> enabled_;  // the runnable threads (set_state)
  std::vector<thread_index> offered_;  // those a strategy is offered (without_blocked_lockers)
  std::vector<thread_index> woken_;    // set_waiters_runnable: the waiters it changes
  // Each thread's neighbours in the wait_queue it is in (thread_record::queue), by thread
  // index: wait queues are lists linked through these. Kept apart from the records so that
  // walking a queue of many waiters (a mutex's, at each unlock) reads a compact array
  // instead of a record per waiter, and linked both ways so that a waiter leaves from
  // anywhere in its queue at once.
  std::vector<thread_index> next_waiter_;
  std::vector<thread_index> previous_waiter_;
  std::vector<pending_op> pending_;
  std::vector<object_info> objects_;
  // By object id: changes made to it so far, plus destroyed_version once it is destroyed
  // (object_destroyed), which a point on it reads after the switch.
  std::vector<std::uint64_t> versions_;
  static constexpr std::uint64_t destroyed_version = std::uint64_t{1} << 63;
  happens_before memory_;
  atomic_memory atomics_{memory_};
  memory_mode memory_mode_ = memory_mode::untracked;
  bool tracking_needed_ = false;  // sticky across runs
  // The happens-before edges of an event (record_event).
  void order_event(op what, target about);
  choice_log choices_;
  trace_buffer trace_;
  std::vector<explanation> explanations_;
  failure_record failure_;
  thread_index running_ = no_thread;
  thread_index unwinding_ = no_thread;  // the thread the teardown resumed to unwind it
  bool unburied_ = false;  // a thread was abandoned since bury_abandoned_threads() last ran
  // The weft::resource_error a spawn met (the system refused a thread's stack): run()
  // tears the execution down and throws it, with no failure to report.
  std::exception_ptr refused_;
  progress_beacon* beacon_ = nullptr;   // this OS thread's, while run() runs
  std::atomic<std::uint64_t> progress_{0};  // one writer: a relaxed load and store per point
  foreign_mailbox foreign_;             // uses of this execution's objects by other OS threads
  // Fails the execution with the foreign use posted to foreign_.
  [[gnu::cold]] void raise_foreign_use();
  std::uint64_t generation_ = 0;
  std::uint64_t steps_ = 0;
  // Weft mutexes held now, by all threads (acquired, released): while none is, no thread
  // waits to lock one that another owns, and choose_thread skips looking for such threads.
  std::size_t locks_held_ = 0;
  virtual_time now_ = 0;
  // let_time_pass's next step, and the step count it last passed time at: a pass after
  // other points starts again from the smallest step.
  static constexpr virtual_time smallest_idle_step = 1000;              // 1 µs
  static constexpr virtual_time largest_idle_step = virtual_time{1} << 42;  // about 73 minutes
  virtual_time idle_step_ = smallest_idle_step;
  std::uint64_t idle_at_step_ = 0;
  // read_clock: who read the clock last, at which step, and how many times in a row. Code
  // that reads the clock a few times between two operations (a timestamp, an elapsed time,
  // a loop's condition) must see it unchanged, exact to the nanosecond; a loop that waits
  // for a deadline reads it thousands of times.
  static constexpr std::uint32_t clock_rereads = 64;
  thread_index clock_reader_ = no_thread;
  std::uint64_t clock_read_at_ = 0;
  std::uint32_t clock_reads_ = 0;
  bool stopping_ = false;  // set by stop()
  // Something besides choosing the next thread may be due at a point (stopping_,
  // invariants, possible cancellations): one test on the hot path instead of five. Set
  // whenever one of them may have become due; attend_point() clears it when none is.
  bool attention_ = false;
  bool terminate_installed_ = false;  // terminate_while_simulating, until destroyed
  bool observing_ = false;      // the strategy wants every event (DPOR)
  bool wants_pending_ = false;  // the strategy reads each runnable thread's next operation
  prng* uniform_ = nullptr;     // strategy::uniform_thread_stream(), read at each run
  // Where passed_step_limit() is called: half of max_steps, then max_steps itself once
  // the fair tail began (or at once, for a replay).
  std::uint64_t step_limit_ = 0;
  prng fair_tail_;  // the fair tail's stream, seeded by the schedule that led to it
  // Threads in a wait whose timeout the strategy may fire early (sleep()), ascending: the
  // scheduler looks at them, not at every thread, at each point while there are any.
  std::vector<thread_index> early_firable_;

  struct buggify_site {
    const char* file;
    std::uint_least32_t line;
    std::uint_least32_t column;
    bool enabled;
    bool fired;
  };
  std::vector<buggify_site> buggify_sites_;
  // Stop sources the exploration may request_stop() on; `task` is the task a source
  // belongs to (reports name it), no_thread for others.
  struct cancellable {
    std::stop_source source;
    thread_index task = no_thread;
  };
  std::vector<cancellable> cancellables_;
  // The stop states met in this run (hold_stop_token), and each one's index by address.
  std::vector<std::unique_ptr<stop_state_watch>> stop_states_;
  std::unordered_map<const void*, std::size_t> stop_state_index_;
  // Deregisters the watches: the run is over.
  void forget_stop_states() noexcept;
  std::uint64_t cancellations_left_ = 0;
  bool injecting_ = false;

  struct invariant {
    std::uint64_t id;
    bool (*check)(void*);
    void* state;
    std::string name;
    std::uint64_t deadline_step;  // 0: must always hold; else must hold by this step
    std::source_location where;
    // "invariant always(x >= 0) declared at bank.cpp:12", as failures name it.
    std::string described() const;
  };
  std::vector<invariant> invariants_;
  std::uint64_t next_invariant_id_ = 1;
  const invariant* evaluated_ = nullptr;  // the invariant being evaluated, if any
  // Runs `i`'s predicate, marked as an invariant's evaluation however it returns (a misuse
  // inside it unwinds the thread that reached the point).
  bool evaluate(const invariant& i);
  bool random_seeded_ = false;
  prng random_stream_;
};

// In the child of a fork() a simulated thread made: its one thread runs outside any
// execution from now on (the simulation stayed in the parent).
void leave_simulation_in_forked_child() noexcept;
// Whether this process is such a child.
bool in_forked_child() noexcept;

}  // namespace weft::detail

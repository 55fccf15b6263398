#include "execution/execution.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <utility>

#include <weft/errors.hpp>

#include "memory/synchronization.hpp"

namespace weft::inline sim_v1::detail {

constinit __attribute__((tls_model("initial-exec"))) thread_local execution* running_execution = nullptr;

namespace {

thread_local progress_beacon* watched_by = nullptr;
// Set while this OS thread runs simulated threads (entered() to detach_context(), or to
// the end of run() for fibers, which share the host's OS thread).
__attribute__((tls_model("initial-exec"))) thread_local bool simulated_here = false;
// This process is the child of a fork() a simulated thread made (leave_simulation_in_forked_child).
bool forked_away = false;
// Generations are unique across every execution in the process, so an object that
// outlives one execution is recognised as stale by the next. Each OS thread takes them
// in blocks: an atomic increment per execution is a visible share of a short one.
std::atomic<std::uint64_t> last_generation{0};
constexpr std::uint64_t generation_block = 1024;

std::uint64_t next_generation() noexcept {
  thread_local std::uint64_t next = 0;
  thread_local std::uint64_t end = 0;
  if (next == end) {
    next = last_generation.fetch_add(generation_block, std::memory_order_relaxed) + 1;
    end = next + generation_block;
  }
  return next++;
}

void call_body(void* body) { (*static_cast<const std::function<void()>*>(body))(); }
void keep_function(void*) noexcept {}

std::terminate_handler terminate_outside_teardown = nullptr;

}  // namespace

// Installed while an execution runs. Teardown throws execution_aborted into each thread;
// one waiting inside a destructor cannot let it through, and the runtime calls
// std::terminate on its stack. That thread is abandoned instead of ending the process.
// Any other terminate goes to the handler that was installed before.
void terminate_while_simulating() {
  execution* ex = running_execution;
  if (ex != nullptr && ex->stopping_ && ex->running_ < ex->threads_.size()) ex->abandon_running_thread();
  if (terminate_outside_teardown != nullptr) terminate_outside_teardown();
  std::abort();
}

execution::execution(strategy& chooser, const execution_config& config, execution_backend& threads)
    : strategy_(chooser), config_(config), backend_(threads), fibers_(dynamic_cast<fiber_backend*>(&threads)) {
  register_mailbox(foreign_);
}

execution::~execution() {
  if (terminate_installed_) std::set_terminate(terminate_outside_teardown);
  unregister_mailbox(foreign_);
  // Waits until a watchdog that may be reading this execution has let go of it.
  if (progress_beacon* beacon = this_thread_beacon()) const std::lock_guard hold(beacon->guard);
}

void execution::raise_foreign_use() {
  const std::lock_guard hold(foreign_.guard);
  fail(failure_kind::misuse, foreign_.message, foreign_.where);
}

progress_beacon*& this_thread_beacon() noexcept { return watched_by; }

void execution::run(const std::function<void()>& body) {
  if (running_execution != nullptr) {
    throw usage_error("weft: explore() or replay() called from inside a simulated execution");
  }
  generation_ = next_generation();
  steps_ = 0;
  locks_held_ = 0;
  now_ = 0;
  idle_step_ = smallest_idle_step;
  idle_at_step_ = 0;
  clock_reader_ = no_thread;
  stopping_ = false;
  attention_ = false;
  buggify_sites_.clear();
  cancellables_.clear();
  forget_stop_states();
  cancellations_left_ = config_.max_cancellations;
  invariants_.clear();
  random_seeded_ = false;
  failure_ = failure_record{};
  choices_.clear();
  trace_.clear(strategy_.reads_events() ? &strategy_ : nullptr);
  explanations_.clear();
  objects_.clear();
  versions_.assign(1, 0);
  memory_mode_ = config_.track_lazily && !tracking_needed_ ? memory_mode::untracked : config_.memory;
  memory_.reset();
  atomics_.reset(memory_mode_, config_.store_history);
  for (auto& record : threads_) spare_.push_back(std::move(record));
  threads_.clear();
  states_.clear();
  next_waiter_.clear();
  previous_waiter_.clear();
  enabled_.clear();

  observing_ = strategy_.observes_events();
  wants_pending_ = strategy_.wants_pending();
  uniform_ = strategy_.uniform_thread_stream();
  step_limit_ = strategy_.replays_a_schedule() ? config_.max_steps : config_.max_steps / 2;
  early_firable_.clear();
  running_execution = this;
  foreign_.pending.store(false, std::memory_order_relaxed);
  foreign_.generation.store(generation_, std::memory_order_release);
  beacon_ = this_thread_beacon();
  if (beacon_ != nullptr) beacon_->running.store(this, std::memory_order_release);
  try {
    add_thread(task{const_cast<std::function<void()>*>(&body), &call_body, &keep_function, {}});
  } catch (...) {
    end_run();
    throw;
  }
  running_ = 0;
  // Installed for the execution's lifetime, not per run: swapping the handler is an
  // atomic exchange, twice per run. Outside a run it passes the call on (running_execution
  // is null then). An execution made while another one lives (a replay of the schedule
  // it found) finds it installed, and leaves it to that one.
  if (!terminate_installed_ && std::get_terminate() != &terminate_while_simulating) {
    terminate_outside_teardown = std::set_terminate(&terminate_while_simulating);
    terminate_installed_ = true;
  }
  backend_.transfer(execution_backend::host, 0);
  // A foreign use after the last scheduling point is reported all the same.
  if (!failed() && !refused_ && foreign_.pending.load(std::memory_order_acquire)) raise_foreign_use();
  if (failed() || refused_) teardown();
  backend_.end_run();
  end_run();
  if (refused_) std::rethrow_exception(std::exchange(refused_, nullptr));
  trace_.read_rest();
}

void execution::end_run() noexcept {
  forget_stop_states();
  running_ = no_thread;
  running_execution = nullptr;
  simulated_here = false;
  foreign_.generation.store(0, std::memory_order_release);
  if (beacon_ != nullptr) beacon_->running.store(nullptr, std::memory_order_release);
}

thread_index execution::add_thread(const task& body) {
  const auto index = static_cast<thread_index>(threads_.size());
  std::unique_ptr<thread_record> record;
  if (spare_.empty()) {
    record = std::make_unique<thread_record>();
  } else {
    record = std::move(spare_.back());
    spare_.pop_back();
    record->reset();
  }
  backend_.create(index, running_ == no_thread ? execution_backend::host : running_, *this);
  if (threads_.size() == threads_.capacity()) {
    // Room for twice as many threads in every list indexed by thread or holding threads,
    // so that set_state, set_queue_runnable and sleep never allocate; doubling, because growing
    // by one at every spawn copies them all each time.
    const std::size_t room = std::max<std::size_t>(16, threads_.size() * 2);
    threads_.reserve(room);
    enabled_.reserve(room);
    offered_.reserve(room);
    woken_.reserve(room);
    states_.reserve(room);
    next_waiter_.reserve(room);
    previous_waiter_.reserve(room);
    early_firable_.reserve(room);
  }
  record->body = body;
  enabled_.push_back(index);  // the newest thread: last in ascending order
  // Before the record: what reads up to threads_.size() (the crash handler too) finds
  // these in place.
  states_.push_back(thread_state::runnable);
  next_waiter_.push_back(no_thread);
  previous_waiter_.push_back(no_thread);
  threads_.push_back(std::move(record));
  strategy_.thread_created(index, index == 0 ? no_thread : running_);
  if (tracked()) memory_.thread_started(index, index == 0 ? no_thread : running_);
  return index;
}

void execution::observe_event(op what, target about) {
  if (observing_) strategy_.executed(running_, pending_op{what, about.kind, about.id});
  if (tracked()) order_event(what, about);
}

void execution::order_event(op what, target about) {
  if (about.kind == object_kind::thread) {
    if ((what == op::join || what == op::woken) && about.id < threads_.size() &&
        states_[about.id] == thread_state::finished) {
      memory_.joined(running_, about.id);
    }
    return;
  }
  switch (effect_of(about.kind, what)) {
    case sync_effect::none: return;
    case sync_effect::acquires: memory_.acquire(running_, about.id); return;
    case sync_effect::releases: memory_.release(running_, about.id); return;
    case sync_effect::both: memory_.synchronize(running_, about.id); return;
    case sync_effect::releases_to_writers: memory_.release_to_writers(running_, about.id); return;
  }
}

void execution::point(op what, target about, std::source_location where, bool may_throw) {
  run_point(what, about, where, may_throw, true);
}

void execution::point_past(op what, target about, std::source_location where) {
  run_point(what, about, where, true, false);
}

bool execution::point_then_tracked(op what, target about, std::source_location where) {
  run_point(what, about, where, true, true);
  return tracked();
}

void execution::point_then(op what, target about, std::source_location where,
                           void (*then)(void* object, std::source_location), void* object) {
  run_point(what, about, where, true, true);
  then(object, where);
}

inline void execution::run_point(op what, target about, std::source_location where, bool may_throw,
                                 bool uses_object) {
  progress_.store(progress_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  if (attention_ || foreign_.pending.load(std::memory_order_relaxed)) [[unlikely]] {
    if (!attend_point(what, about, where, may_throw)) return;
  }
  thread_record& me = self();
  me.doing = activity{what, about.kind, about.id, where, no_thread};
  me.yielded = what == op::yield || (what == op::load && rereads_unchanged(me, about, where)) ||
               (me.failed_attempts >= thread_record::spin_rereads && same_site(me.failed_at, where));
  if (++steps_ > step_limit_) [[unlikely]] {
    if (passed_step_limit(where)) {
      abort_if_stopping(may_throw);
      return;
    }
  }
  if (me.yielded) [[unlikely]] pass_time_if_all_spin();
  reschedule();
  if (stopping_) [[unlikely]] {
    abort_if_stopping(may_throw);
    return;
  }
  // Recorded now, when the operation takes effect, not when the thread reached the
  // point: other threads may have run in between. Read back from `me`, which keeps them
  // across the switch, so that the point's frame does not.
  const activity& done = me.doing;
  if (done.kind != object_kind::none && done.kind != object_kind::thread) {
    std::uint64_t& version = versions_[done.object];
    // Destroyed by another thread while this one stood at the point: the operation would
    // run on dead memory. One compare, on the version the point reads anyway.
    if (uses_object && version >= destroyed_version) [[unlikely]] {
      point_on_destroyed(may_throw);
      return;
    }
    if (done.what != op::load) ++version;
  }
  record_event(done.what, target{done.kind, done.object}, done.where);
}

void execution::point_on_destroyed(bool may_throw) {
  const activity& done = self().doing;
  used_after_destruction(done.object, done.where);
  abort_if_stopping(may_throw);
}

bool execution::attend_point(op what, target about, std::source_location where, bool may_throw) {
  if (stopping_) {
    point_while_stopping(may_throw);
    return false;
  }
  if (evaluated_ != nullptr) {  // an invariant reads shared state
    if (what != op::load && what != op::yield) refuse_in_invariant(what, about, where);
    return false;
  }
  if (!invariants_.empty()) {
    check_invariants(where);
    if (stopping_) {
      abort_if_stopping(may_throw);
      return false;
    }
  }
  // Stop callbacks run on the thread at this point, as if it had called request_stop():
  // not on one that holds a weft mutex, which a callback may lock (a callback that takes
  // the mutex a condition variable's waiter holds, then notifies, is correct code; run
  // there it relocked the thread's own mutex).
  if (cancellations_left_ != 0 && !cancellables_.empty() && !injecting_ && self().held.empty()) {
    maybe_inject_cancellation(where);
  }
  if (foreign_.pending.load(std::memory_order_relaxed)) {
    raise_foreign_use();
    abort_if_stopping(may_throw);
    return false;
  }
  attention_ = stopping_ || !invariants_.empty() || (cancellations_left_ != 0 && !cancellables_.empty());
  return true;
}

bool execution::passed_step_limit(std::source_location where) {
  if (steps_ > config_.max_steps) {
    fail_past_max_steps(limit::steps, where);
    return true;
  }
  step_limit_ = config_.max_steps;
  if (uniform_ == nullptr) {  // a strategy that draws uniformly is fair already
    fair_tail_.reseed(choices_.schedule_hash());
    uniform_ = &fair_tail_;
  }
  return false;
}

void execution::fail_past_max_steps(limit passed, std::source_location where) {
  const std::string max = std::to_string(config_.max_steps);
  fail(failure_kind::livelock,
       passed == limit::steps
           ? "the execution took more than " + max +
                 " scheduling points (options::max_steps / WEFT_MAX_STEPS), the last half of them chosen uniformly "
                 "at random: a livelock, or a test too long for the limit"
           : "the execution started more than " + max +
                 " threads (options::max_steps / WEFT_MAX_STEPS bounds the threads an execution starts as it bounds "
                 "its scheduling points): a loop that starts threads forever, or a test too long for the limit",
       where);
}

bool execution::rereads_unchanged(thread_record& me, target about, const std::source_location& where) noexcept {
  const std::uint64_t version = versions_[about.id];
  for (auto& seen : me.recent_loads) {
    if (seen.object != about.id) continue;
    seen.unchanged = seen.version == version && same_site(seen.where, where) ? seen.unchanged + 1 : 0;
    seen.version = version;
    seen.where = where;
    return seen.unchanged >= (about.kind == object_kind::shared_cell ? thread_record::spin_rereads_of_plain_memory
                                                                     : thread_record::spin_rereads);
  }
  me.recent_loads[me.next_load_slot] = {about.id, version, 0, where};
  me.next_load_slot = (me.next_load_slot + 1) % thread_record::remembered_loads;
  return false;
}

void execution::point_while_stopping(bool may_throw) {
  abort_if_stopping(may_throw);
  // Still here: its stack is unwinding, and blocking operations return at once. A
  // destructor that waits in a loop (`while (!done) cv.wait(lock)`) would spin forever.
  if (running_ < threads_.size() && ++self().points_while_stopping > thread_record::unwinding_points) {
    abandon_running_thread();
  }
}

void execution::abort_if_stopping(bool may_throw) {
  if (!stopping_) return;
  wait_for_teardown();
  if (!may_throw || std::uncaught_exceptions() != 0) return;
  // A thread that caught the unwinding twice and went on would keep running instead of
  // ending; it is abandoned like one that cannot be unwound.
  if (++self().aborts_thrown > thread_record::swallowed_aborts) abandon_running_thread();
  throw execution_aborted{};
}

void execution::wait_for_teardown() {
  if (running_ >= threads_.size() || running_ == unwinding_) return;
  if (states_[running_] == thread_state::finished) return;  // leave() goes to the host itself
  go_host();
}

void execution::go_host() { backend_.transfer(running_, execution_backend::host); }

void execution::entered(thread_index) noexcept {
  running_execution = this;
  simulated_here = true;
}

void execution::detach_context() noexcept {
  running_execution = nullptr;
  simulated_here = false;
}

bool on_simulated_thread() noexcept { return simulated_here; }

void leave_simulation_in_forked_child() noexcept {
  running_execution = nullptr;
  simulated_here = false;
  forked_away = true;
}

bool in_forked_child() noexcept { return forked_away; }

thread_index execution::leave(thread_index index) noexcept {
  finish(index);
  thread_index next = stopping_ ? no_thread : pick_next();
  if (!stopping_ && next == no_thread) {
    if (std::any_of(states_.begin(), states_.end(), [](thread_state s) { return s != thread_state::finished; })) {
      report_deadlock();
    }
  }
  if (stopping_) next = no_thread;
  running_ = next;
  return next;
}

void execution::teardown() {
  stop();
  // Youngest first, whichever thread found the failure: a thread uses objects that older
  // threads (its parent, the body) own, so an older stack is unwound (destroying them)
  // only after every younger thread is gone, and the body's locals die last. Every other
  // thread waits at its scheduling point (wait_for_teardown) until its turn. A resumed
  // thread runs to its end without switching: while stopping, no point blocks or yields.
  // Linear in the thread count (100,000 live threads take a fraction of a second): the
  // scan goes on down from where it was, and starts again at the top only if a thread
  // was started meanwhile (from a destructor, which cannot be unwound out of spawning).
  std::size_t known = 0;
  std::size_t i = 0;
  for (;;) {
    if (std::exchange(unburied_, false)) bury_abandoned_threads();
    if (threads_.size() != known) i = known = threads_.size();
    while (i > 0 && states_[i - 1] == thread_state::finished) --i;
    if (i == 0) break;
    unwinding_ = running_ = static_cast<thread_index>(i - 1);
    backend_.transfer(execution_backend::host, static_cast<thread_index>(i - 1));
  }
  unwinding_ = no_thread;
}

void execution::abandon_running_thread() {
  const thread_index me = running_;
  set_state(me, thread_state::finished);
  threads_[me]->abandoned = true;
  unburied_ = true;
  running_ = no_thread;
  backend_.transfer(me, execution_backend::host);
  std::abort();  // an abandoned thread is never resumed
}

void execution::bury_abandoned_threads() {
  for (thread_index i = 0; i < threads_.size(); ++i) {
    if (threads_[i]->abandoned) backend_.abandon(i);
  }
}

}  // namespace weft::detail

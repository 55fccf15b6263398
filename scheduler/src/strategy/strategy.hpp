// The one interface every exploration strategy implements.
//
// At every scheduling point with more than one runnable thread, the execution asks the
// strategy which thread runs next (or, for one that answers uniformly, draws the answer
// from its stream: uniform_thread_stream); every other nondeterministic choice (a
// spurious wakeup, which waiter a notify_one wakes) goes through next_value. The
// execution, not the strategy, records every answer, so any strategy's schedule replays.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include <weft/detail/sim/runtime.hpp>

#include "schedule/choice_log.hpp"
#include "schedule/event.hpp"
#include "strategy/prng.hpp"

namespace weft::inline sim_v1::detail {

enum class decision : std::uint8_t {
  spurious_wakeup,  // range 2: 1 = wake a waiting thread without a notify
  notify_target,    // range n: which of n waiters a notify_one wakes
  early_timeout,    // range n+1 for n pending timeouts: 0 = none, k = fire the k-th now
  random_seed,      // the seed of the execution's weft::random() stream
  buggify_site,     // range 2, asked once per call site: 1 = the site may fail in this run
  buggify,          // range 2: 1 = this call fails (probability: what the caller asked for)
  cancel,           // range n+1 for n cancellable stop sources: k = request_stop() the k-th now
  reads_from,       // range n: which of the n stores an atomic load may read, 0 the newest
  store_order,      // range n: where a store goes among n places in modification order, 0 last
  spurious_failure, // range 2: 1 = a compare_exchange_weak that would succeed fails
};

struct value_choice {
  decision what;
  std::uint64_t range;     // the answer is in [0, range)
  std::uint64_t fallback;  // the answer a non-preemptive run would give
  double probability = 0;  // for buggify: how often the caller wants answer 1
};

// The operation a runnable thread will perform when it runs next.
struct pending_op {
  op what;
  object_kind kind;
  std::uint32_t object;  // with kind: which object; 0 with kind none (no shared object)
  // The thread got here by yielding (or by re-reading unchanged atomics): a spin.
  bool after_yield = false;
  // Conflicts with `other` (same object, at least one of them changes it): the two
  // cannot be reordered without possibly changing the outcome.
  // A seq_cst fence (no object) conflicts with every atomic operation and fence: where
  // it falls in the seq_cst order decides which stores later loads may read.
  bool conflicts_with(const pending_op& other) const noexcept {
    if (what == op::fence || other.what == op::fence) return orders_atomics() && other.orders_atomics();
    return kind != object_kind::none && kind == other.kind && object == other.object &&
           (changes_state() || other.changes_state());
  }
  // A fence, or an atomic's operation (not its destruction, which no seq_cst order places).
  bool orders_atomics() const noexcept {
    return what == op::fence || (kind == object_kind::atomic && what != op::destroy);
  }
  bool changes_state() const noexcept { return what != op::load; }
};

// Whether `thread` is among `threads` (ascending, not empty). A binary search without
// branches on what it reads (a strategy asks this at every choice, about threads in no
// order the processor could learn: std::binary_search mispredicted about one comparison
// in two).
inline bool sorted_threads_hold(std::span<const thread_index> threads, thread_index thread) noexcept {
  const thread_index* base = threads.data();
  for (std::size_t left = threads.size(); left > 1;) {
    const std::size_t half = left / 2;
    base = base[half] <= thread ? base + half : base;
    left -= half;
  }
  return *base == thread;
}

struct thread_choice {
  std::span<const thread_index> enabled;  // ascending, at least two
  std::span<const pending_op> pending;    // pending[i] is what enabled[i] does next
  thread_index running;                   // the thread at the point; may be blocked
  thread_index fallback;                  // running if enabled, else enabled.front()
  std::uint64_t step;                     // scheduling points so far in this execution
  bool yielded;                           // the running thread called yield()

  // Whether `thread` is among `enabled`.
  bool can_run(thread_index thread) const noexcept { return sorted_threads_hold(enabled, thread); }
};

// How a decision is recorded in the choice log and in tokens.
inline choice_kind choice_kind_of(decision what) noexcept {
  switch (what) {
    case decision::spurious_wakeup: return choice_kind::spurious_wakeup;
    case decision::notify_target: return choice_kind::notify_target;
    case decision::early_timeout: return choice_kind::early_timeout;
    case decision::random_seed: return choice_kind::random_seed;
    case decision::buggify_site: return choice_kind::buggify_site;
    case decision::buggify: return choice_kind::buggify;
    case decision::cancel: return choice_kind::cancel;
    case decision::reads_from: return choice_kind::reads_from;
    case decision::store_order: return choice_kind::store_order;
    case decision::spurious_failure: return choice_kind::spurious_failure;
  }
  return choice_kind::notify_target;
}

// A strategy may answer no_choice (choice_log.hpp) when it cannot honour a choice (replay
// of a schedule the body no longer follows); divergence() then says why.

class strategy : public event_reader {
 public:
  virtual ~strategy() = default;

  // Prepares execution number `index` (0-based). Returns false when the strategy has
  // nothing left to explore.
  virtual bool begin_execution(std::uint64_t index) = 0;
  // `parent` spawned `thread` (no_thread for the main thread).
  virtual void thread_created(thread_index thread, thread_index parent) {
    (void)thread;
    (void)parent;
  }
  // Whether next_thread reads thread_choice::pending (filling it costs a little per point).
  virtual bool wants_pending() const { return false; }
  // Strategies that analyse executions (DPOR) see every event as it happens.
  virtual bool observes_events() const { return false; }
  virtual void executed(thread_index thread, const pending_op& event) {
    (void)thread;
    (void)event;
  }
  // Strategies that learn from what an execution did, but need not hear of each event as
  // it happens (feedback), read the trace instead: every event, in order, in batches that
  // all come before end_execution(). That costs a loop over events the trace records
  // anyway, where executed() costs a virtual call at each one. The trace has events
  // executed() is not told of: an early timeout's (op::timeout_fired_early), a spurious
  // wakeup's (op::woken_spuriously) and a spurious compare-exchange failure's
  // (op::failed_spuriously).
  virtual bool reads_events() const { return false; }
  void read_events(std::span<const event> events) override { (void)events; }
  // True for a strategy that can run out of schedules: explore() then reports whether
  // the search was complete.
  virtual bool exhaustive() const { return false; }
  // Once it ran out: whether a bound (dfs:preemptions=N) left schedules out, so that the
  // search was not complete.
  virtual bool left_out_schedules() const { return false; }
  virtual thread_index next_thread(const thread_choice& choice) = 0;
  virtual std::uint64_t next_value(const value_choice& choice) = 0;
  // A strategy whose every next_thread answer is enabled[stream.below(enabled.size())],
  // drawn from one stream and reading nothing else of the choice (the random walk), gives
  // that stream here, for the current execution; null otherwise. The execution then draws
  // the answer itself, the same one: a short test makes a choice every few hundred
  // instructions, and the virtual call with the choice's description cost 8% of all of
  // them (W2 of bench/README).
  virtual prng* uniform_thread_stream() noexcept { return nullptr; }
  virtual void end_execution(std::uint64_t steps) { (void)steps; }
  // Whether the strategy follows a recorded schedule to its end (a replay). Any other is
  // asked no thread choice past half of options::max_steps: the execution draws those
  // uniformly itself, so that no strategy's bias makes a livelock (execution.hpp:
  // passed_step_limit).
  virtual bool replays_a_schedule() const { return false; }

  virtual std::string divergence() const { return {}; }
  // The strategy and its parameters, as a spec that make_strategy accepts (a walker
  // that only another strategy makes, such as the portfolio's rotation, gives its name).
  virtual std::string describe() const = 0;
  // describe() plus what it learned while exploring, for reports.
  virtual std::string summary() const { return describe(); }
};

// Builds a strategy from a spec such as "random", "pct" or "pct:depth=3". Throws
// weft::option_error naming the problem for an unknown name or parameter.
std::unique_ptr<strategy> make_strategy(const std::string& spec, std::uint64_t seed);

}  // namespace weft::detail

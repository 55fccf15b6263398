#include "strategy/dfs.hpp"

#include <algorithm>

namespace weft::inline sim_v1::detail {

namespace {

template <class T, class U>
bool contains(const std::vector<T>& items, const U& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// Events that order threads without being operations that could be reordered.
bool is_operation(const pending_op& e) noexcept {
  if (e.what == op::fence) return true;
  if (e.kind == object_kind::none || e.kind == object_kind::thread) return false;
  switch (e.what) {
    case op::blocked:
    case op::woken:
    case op::timed_out:
    case op::finish:
      return false;
    default:
      return true;
  }
}

bool explored_exhaustively(decision what) noexcept {
  switch (what) {
    case decision::notify_target:
    case decision::buggify_site:
    case decision::buggify:
    case decision::cancel:
    case decision::reads_from:
    case decision::store_order:
      return true;
    case decision::spurious_failure:  // at most once per execution (next_value)
    case decision::spurious_wakeup:
    case decision::early_timeout:
    case decision::random_seed:
      return false;
  }
  return false;
}

void join_into(std::vector<std::uint32_t>& into, const std::vector<std::uint32_t>& other) {
  if (into.size() < other.size()) into.resize(other.size(), 0);
  for (std::size_t i = 0; i < other.size(); ++i) into[i] = std::max(into[i], other[i]);
}

}  // namespace

std::string dfs::describe() const {
  std::string parameters;
  if (bound_ != unbounded) parameters = "preemptions=" + std::to_string(bound_);
  if (!reduce_) parameters += (parameters.empty() ? "" : ",") + std::string("reduction=off");
  return parameters.empty() ? "dfs" : "dfs:" + parameters;
}

bool dfs::begin_execution(std::uint64_t index) {
  if (index > 0 && !advance()) return false;
  depth_ = 0;
  path_preemptions_ = 0;
  path_spurious_failures_ = 0;
  current_frame_ = -1;
  asleep_.clear();
  trace_.clear();
  thread_clock_.clear();
  finish_clock_.clear();
  divergence_.clear();
  return true;
}

bool dfs::advance() {
  while (!stack_.empty()) {
    frame& f = stack_.back();
    while (!f.todo.empty()) {
      const std::uint64_t next = f.todo.back();
      f.todo.pop_back();
      if (contains(f.done, next)) continue;
      if (f.thread_choice && (contains(f.sleep, static_cast<thread_index>(next)) || !eligible(f, next))) continue;
      f.chosen = next;
      f.done.push_back(next);
      return true;
    }
    stack_.pop_back();
  }
  return false;
}

bool dfs::eligible(const frame& f, std::uint64_t thread) noexcept {
  bool someone_progresses = false;
  bool spins = false;
  for (std::size_t i = 0; i < f.enabled.size(); ++i) {
    someone_progresses |= !f.pending[i].after_yield;
    if (f.enabled[i] == thread) spins = f.pending[i].after_yield;
  }
  return !spins || !someone_progresses;
}

bool dfs::is_preemption(const frame& f, std::uint64_t thread) const noexcept {
  return f.running_may_continue && thread != f.running;
}

void dfs::add_backtrack(std::int64_t frame_index, thread_index thread) {
  if (frame_index < 0) return;
  frame& f = stack_[static_cast<std::size_t>(frame_index)];
  const auto add = [&](thread_index t) {
    if (contains(f.done, t) || contains(f.todo, t) || !eligible(f, t)) return;
    if (bound_ != unbounded && f.preemptions + (is_preemption(f, t) ? 1u : 0u) > bound_) {
      left_out_ = true;
      return;
    }
    f.todo.push_back(t);
  };
  // A thread that cannot run there (not enabled, or spinning while others progress) is
  // reached through every thread that can: one of them may lead to it. So is one asleep
  // there: its operation first is explored elsewhere, but the race may need another
  // thread's operations first, then it (a load of x that must come between two other
  // threads' accesses to x: IRIW's outcomes), and nothing else would add them.
  if (contains(f.enabled, thread) && eligible(f, thread) && !contains(f.sleep, thread)) {
    add(thread);
  } else {
    for (thread_index t : f.enabled) add(t);
  }
}

// Entering the subtree of f.chosen: the threads explored before it at f, and those
// already asleep there, sleep on as long as what they would do is independent of it.
void dfs::enter_subtree(const frame& f) {
  const auto index_of = [&](std::uint64_t t) {
    return static_cast<std::size_t>(std::find(f.enabled.begin(), f.enabled.end(), t) - f.enabled.begin());
  };
  const pending_op& chosen = f.pending[index_of(f.chosen)];
  asleep_.clear();
  if (is_preemption(f, f.chosen)) ++path_preemptions_;
  if (!reduce_) return;
  const auto keep = [&](thread_index t) {
    if (t == f.chosen || std::any_of(asleep_.begin(), asleep_.end(), [t](const sleeper& s) { return s.thread == t; })) {
      return;
    }
    const pending_op& next = f.pending[index_of(t)];
    // A thread that has not started has not shown its first operation: it never sleeps.
    // Asleep on an operation that conflicts with nothing, it would sleep through the
    // whole subtree, and the races of what it really does there would never be seen.
    if (next.what == op::start) return;
    if (!next.conflicts_with(chosen)) asleep_.push_back({t, next});
  };
  for (thread_index t : f.sleep) keep(t);
  for (std::uint64_t t : f.done) keep(static_cast<thread_index>(t));
}

std::uint64_t dfs::diverged(const std::string& what) {
  divergence_ = "the body made different choices when rerun with the same prefix (" + what +
                "): it is not deterministic, so the search cannot be exhaustive";
  return no_choice;
}

thread_index dfs::next_thread(const thread_choice& choice) {
  if (depth_ < stack_.size()) {
    frame& f = stack_[depth_];
    if (!f.thread_choice ||
        !std::equal(f.enabled.begin(), f.enabled.end(), choice.enabled.begin(), choice.enabled.end())) {
      return static_cast<thread_index>(diverged("different runnable threads at a choice point"));
    }
    f.pending.assign(choice.pending.begin(), choice.pending.end());
    current_frame_ = static_cast<std::int64_t>(depth_++);
    enter_subtree(f);
    return static_cast<thread_index>(f.chosen);
  }

  frame f;
  f.thread_choice = true;
  f.enabled.assign(choice.enabled.begin(), choice.enabled.end());
  f.pending.assign(choice.pending.begin(), choice.pending.end());
  f.running = choice.running;
  f.running_may_continue = contains(f.enabled, choice.running) && !choice.yielded;
  f.range = 0;
  f.preemptions = path_preemptions_;
  for (const sleeper& s : asleep_) {
    if (contains(f.enabled, s.thread)) f.sleep.push_back(s.thread);
  }
  // Default: keep running the current thread; after a yield, anyone else first.
  std::vector<thread_index> awake;
  for (thread_index t : f.enabled) {
    if (!contains(f.sleep, t) && eligible(f, t)) awake.push_back(t);
  }
  if (awake.empty()) awake = f.enabled;  // everything asleep: this path repeats work; finish it
  thread_index pick = awake.front();
  if (f.running_may_continue && contains(awake, choice.running)) {
    pick = choice.running;
  } else if (choice.yielded) {
    // Everyone left spins: move on from the thread that just yielded, round robin.
    for (thread_index t : awake) {
      if (t > choice.running) {
        pick = t;
        break;
      }
    }
  }
  f.chosen = pick;
  f.done.push_back(pick);
  stack_.push_back(std::move(f));
  if (!reduce_) {
    for (thread_index t : stack_.back().enabled) add_backtrack(static_cast<std::int64_t>(stack_.size() - 1), t);
  }
  current_frame_ = static_cast<std::int64_t>(depth_++);
  enter_subtree(stack_.back());
  return pick;
}

std::uint64_t dfs::next_value(const value_choice& choice) {
  if (depth_ < stack_.size()) {
    const frame& f = stack_[depth_++];
    if (f.thread_choice || f.range != choice.range) return diverged("a different decision at a choice point");
    if (choice.what == decision::spurious_failure && f.chosen == 1) ++path_spurious_failures_;
    return f.chosen;
  }
  frame f;
  f.thread_choice = false;
  f.running = no_thread;
  f.running_may_continue = false;
  f.range = choice.range;
  f.chosen = choice.fallback;
  f.done.push_back(choice.fallback);
  f.preemptions = path_preemptions_;
  if (explored_exhaustively(choice.what)) {
    for (std::uint64_t v = choice.range; v-- > 0;) {
      if (v != choice.fallback) f.todo.push_back(v);
    }
  } else if (choice.what == decision::spurious_failure && path_spurious_failures_ == 0) {
    // A compare_exchange_weak outside a loop is wrong if it can fail once; one in a loop
    // retries, and failing it at every retry would never end the search. So each
    // execution tries at most one spurious failure, at each weak compare-exchange.
    f.todo.push_back(1);
  }
  stack_.push_back(std::move(f));
  ++depth_;
  return choice.fallback;
}

dfs::clock& dfs::clock_of(thread_index thread) {
  if (thread_clock_.size() <= thread) thread_clock_.resize(thread + 1);
  clock& c = thread_clock_[thread];
  if (c.size() <= thread) c.resize(thread + 1, 0);
  return c;
}

void dfs::thread_created(thread_index thread, thread_index parent) {
  if (parent != no_thread) {
    const clock spawned_by = clock_of(parent);
    clock_of(thread);
    join_into(thread_clock_[thread], spawned_by);
  }
}

void dfs::executed(thread_index thread, const pending_op& event) {
  if (!reduce_) return;  // every alternative is on the stack already
  clock now = clock_of(thread);
  if (is_operation(event)) {
    // The last conflicting event of another thread that does not happen before this
    // one is a race: the other order must be tried too. Conflicting events that happen
    // before this one are passed over, not the end of the search: an older event may
    // still race with this one (a load of x that a younger, ordered load of x did not
    // order; Flanagan & Godefroid take the last *racing* event, not the last dependent).
    for (auto it = trace_.rbegin(); it != trace_.rend(); ++it) {
      if (it->thread == thread || !is_operation(it->op) || !it->op.conflicts_with(event)) continue;
      // Never both possible at one moment: strategies are not offered a thread whose lock
      // would wait for another thread's unlock (execution::choose_thread). The order to
      // try is that of the two lockings (Flanagan & Godefroid's co-enabledness).
      if (it->op.what == op::unlock && (event.what == op::lock || event.what == op::lock_shared)) continue;
      const bool ordered = it->thread < now.size() && it->happened[it->thread] <= now[it->thread];
      if (ordered) continue;
      add_backtrack(it->frame, thread);
      break;
    }
    for (const traced_event& e : trace_) {
      if (is_operation(e.op) && e.op.conflicts_with(event)) join_into(now, e.happened);
    }
  }
  // A join returns after the thread's end: at once if it had ended (its op::join; a
  // thread still running has an empty finish clock, or none yet), else when woken.
  if ((event.what == op::join || event.what == op::woken) && event.kind == object_kind::thread &&
      event.object < finish_clock_.size()) {
    join_into(now, finish_clock_[event.object]);
  }
  if (now.size() <= thread) now.resize(thread + 1, 0);
  ++now[thread];
  if (event.what == op::finish) {
    if (finish_clock_.size() <= thread) finish_clock_.resize(thread + 1);
    finish_clock_[thread] = now;
  }
  thread_clock_[thread] = now;
  trace_.push_back({thread, event, current_frame_, now});
  std::erase_if(asleep_, [&](const sleeper& s) { return s.thread == thread || s.next.conflicts_with(event); });
}

}  // namespace weft::inline sim_v1::detail

// Blocking and waking: threads wait in FIFO queues whose ends the primitives own and whose
// links the execution keeps (next_waiter_, previous_waiter_).
#include <algorithm>
#include <functional>
#include <optional>
#include <stop_token>

#include "execution/execution.hpp"
#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

void execution::enqueue(wait_queue& queue) noexcept {
  self().queue = &queue;
  next_waiter_[running_] = no_thread;
  previous_waiter_[running_] = queue.tail;
  if (queue.tail == no_thread) {
    queue.head = running_;
  } else {
    next_waiter_[queue.tail] = running_;
  }
  queue.tail = running_;
}

void execution::dequeue(wait_queue& queue, thread_index thread) noexcept {
  thread_record& leaving = *threads_[thread];
  if (leaving.queue != &queue) return;
  const thread_index before = previous_waiter_[thread];
  const thread_index after = next_waiter_[thread];
  (before == no_thread ? queue.head : next_waiter_[before]) = after;
  (after == no_thread ? queue.tail : previous_waiter_[after]) = before;
  leaving.queue = nullptr;
  next_waiter_[thread] = no_thread;
  previous_waiter_[thread] = no_thread;
}

std::size_t execution::waiting(const wait_queue& queue) const noexcept {
  std::size_t n = 0;
  for (thread_index t = queue.head; t != no_thread; t = next_waiter_[t]) ++n;
  return n;
}

wake_reason execution::leave_queue(wake_reason why) noexcept {
  thread_record& me = self();
  if (me.queue != nullptr) dequeue(*me.queue, running_);
  return why;
}

wake_reason execution::block_stoppable(op what, target about, std::source_location where, thread_index holder,
                                       bool may_throw, const wait_limits& limits) {
  // Runs inside request_stop() on whichever thread asks, possibly this one's caller in
  // another fiber: it must not switch, only mark this thread runnable.
  const thread_index index = running_;
  const std::stop_callback<std::function<void()>> on_stop(*limits.stop, std::function<void()>([this, index] {
    if (states_[index] == thread_state::blocked) end_wait(index, wake_reason::stopped);
  }));
  return block(what, about, where, holder, may_throw, limits);
}

wake_reason execution::block(op what, target about, std::source_location where, thread_index holder,
                             bool may_throw, const wait_limits& limits) {
  thread_record& me = self();
  if (!stopping_) {
    const thread_index index = running_;
    set_state(index, thread_state::blocked);
    me.woke = wake_reason::notified;
    me.failed_attempts = 0;  // it waits now: no longer spinning
    me.doing = activity{what, about.kind, about.id, where, holder, limits.deadline};
    const bool early_firable = limits.may_fire_early && limits.deadline != no_deadline;
    if (early_firable) early_firable_.insert(std::lower_bound(early_firable_.begin(), early_firable_.end(), index), index);
    record_event(op::blocked, about, where);
    const thread_index next = pick_next();
    if (stopping_) {
      wait_for_teardown();  // the strategy could not answer: nothing may run any more
    } else if (next == no_thread) {
      report_deadlock();
      wait_for_teardown();
    } else if (next != running_) {
      switch_to(next);
    }
    me.doing.deadline = no_deadline;
    if (early_firable) early_firable_.erase(std::lower_bound(early_firable_.begin(), early_firable_.end(), index));
    if (!stopping_) {
      record_event(me.woke == wake_reason::timed_out ? op::timed_out : op::woken, about, where);
      return me.woke;
    }
  }
  // Torn down while waiting: leave the queue while its owner surely still exists.
  leave_queue(wake_reason::torn_down);
  set_state(running_, thread_state::runnable);
  abort_if_stopping(may_throw);
  return wake_reason::torn_down;
}

void execution::end_wait(thread_index thread, wake_reason reason) noexcept {
  thread_record& t = *threads_[thread];
  if (states_[thread] == thread_state::finished) return;
  if (t.queue != nullptr) dequeue(*t.queue, thread);
  set_state(thread, thread_state::runnable);
  t.woke = reason;
}

void execution::set_waiters_runnable(const wait_queue& queue, bool runnable) noexcept {
  // The waiters that change, gathered in a buffer kept for it (room reserved by
  // add_thread); then one insertion or removal for one of them (the usual case); for
  // more, one pass over enabled_ (blocked again), a merge (a few woken) or enabled_
  // listed afresh (a herd): a mutex with n waiters changes all of them at each unlock
  // and lock.
  const thread_state state = runnable ? thread_state::runnable : thread_state::blocked;
  woken_.clear();
  for (thread_index t = queue.head; t != no_thread; t = next_waiter_[t]) {
    if (states_[t] == thread_state::finished || states_[t] == state) continue;
    states_[t] = state;
    woken_.push_back(t);
  }
  if (woken_.empty()) return;
  if (woken_.size() == 1) {
    if (runnable) {
      insert_enabled(woken_.front());
    } else {
      erase_enabled(woken_.front());
    }
    return;
  }
  if (!runnable) {
    std::erase_if(enabled_, [this](thread_index t) { return states_[t] != thread_state::runnable; });
    return;
  }
  // A herd (many waiters of a mutex at its unlock): the runnable threads, listed afresh in
  // one pass over the threads, which are at most herd_scan_ratio times as many as those
  // woken (sorting the woken took half of each step behind a mutex with 1,000 waiters).
  if (woken_.size() * herd_scan_ratio >= threads_.size()) {
    enabled_.clear();
    for (thread_index t = 0; t < threads_.size(); ++t) {
      if (states_[t] == thread_state::runnable) enabled_.push_back(t);
    }
    return;
  }
  // A few: sorted, merged with the rest from the back (std::inplace_merge would take a
  // buffer from the heap at every unlock).
  std::sort(woken_.begin(), woken_.end());
  std::size_t kept = enabled_.size();
  std::size_t woken = woken_.size();
  enabled_.resize(kept + woken);
  for (std::size_t at = enabled_.size(); woken > 0;) {
    if (kept > 0 && enabled_[kept - 1] > woken_[woken - 1]) {
      enabled_[--at] = enabled_[--kept];
    } else {
      enabled_[--at] = woken_[--woken];
    }
  }
}

void execution::wake_all(wait_queue& queue) noexcept {
  while (queue.head != no_thread) end_wait(queue.head, wake_reason::notified);
}

bool execution::wake_one(wait_queue& queue) {
  const std::size_t n = waiting(queue);
  if (n == 0) return false;
  std::uint64_t pick = n == 1 ? 0 : choose(decision::notify_target, n, 0);
  thread_index t = queue.head;
  while (pick-- > 0) t = next_waiter_[t];
  end_wait(t, wake_reason::notified);
  return true;
}

void execution::abandon(wait_queue& queue) noexcept {
  for (thread_index t = queue.head; t != no_thread;) {
    const thread_index next = next_waiter_[t];
    threads_[t]->queue = nullptr;
    next_waiter_[t] = no_thread;
    previous_waiter_[t] = no_thread;
    t = next;
  }
  queue = wait_queue{};
}

void execution::released_out_of_order(const sim_object& mutex) noexcept {
  auto& held = self().held;
  for (auto it = held.end(); it != held.begin();) {
    if ((--it)->mutex == &mutex) {
      held.erase(it);
      --locks_held_;
      return;
    }
  }
}

namespace {
// " while holding mutex#2, locked at file:line", for the lock-across checks.
std::string while_holding(const held_lock& h) {
  return " while holding " + object_label(h.mutex->kind(), h.mutex->id()) + ", locked at " + place_label(h.where);
}
}  // namespace

void execution::check_held_locks(op what, target about, std::source_location where,
                                 const sim_object* released_by_wait) {
  for (const held_lock& h : self().held) {
    if (h.mutex == released_by_wait) continue;
    std::string blocked = std::string(op_name(what));
    if (about.kind != object_kind::none) {
      blocked += ' ';
      blocked += object_label(about.kind, about.id);
    }
    fail(failure_kind::lock_across_blocking,
         describe_thread(running_) + " calls " + blocked + " at " + place_label(where) + while_holding(h) +
             ": never hold a lock across a blocking call (copy what you need under the lock, then "
             "release it)",
         where);
    abort_if_stopping();
    return;
  }
}

void execution::check_not_holding_locks_across_await(std::source_location where) {
  // Only a spawned task can be suspended and resumed elsewhere: a thread that runs a task
  // with block_on() waits in place, as any blocking call does.
  if (!config_.check_lock_across_await || stopping_ || !self().is_task || self().held.empty()) return;
  const held_lock& h = self().held.front();
  fail(failure_kind::lock_across_await,
       describe_thread(running_) + " co_awaits at " + place_label(where) + while_holding(h) +
           ": never hold a lock across a co_await (on a real executor the task may resume on another "
           "thread, and while it waits its thread runs tasks that may need the same lock; use "
           "weft::async_mutex, or release the lock before the co_await)",
       where);
  abort_if_stopping();
}

}  // namespace weft::detail

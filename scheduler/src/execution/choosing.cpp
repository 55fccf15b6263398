// Choosing who runs next: the runnable set, the strategy's answers (recorded in the choice
// log), and virtual time's jumps and early timeouts when nobody else can run.
#include <algorithm>

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

void execution::insert_enabled(thread_index thread) noexcept {
  // Where `thread` goes: found from the end among a handful of runnable threads (what
  // tests run; the thread is usually among the newest), shifting them by hand (a call to
  // memmove costs more than the shift); by binary search among many (a scan of 100,000
  // at each change took seconds).
  const std::size_t size = enabled_.size();
  enabled_.push_back(thread);  // room reserved by add_thread
  if (size > scanned_enabled) {
    std::rotate(std::lower_bound(enabled_.begin(), enabled_.end() - 1, thread), enabled_.end() - 1, enabled_.end());
    return;
  }
  thread_index* at = enabled_.data() + size;
  while (at != enabled_.data() && at[-1] > thread) {
    *at = at[-1];
    --at;
  }
  *at = thread;
}

void execution::erase_enabled(thread_index thread) noexcept {
  const std::size_t size = enabled_.size();
  if (size > scanned_enabled) {
    enabled_.erase(std::lower_bound(enabled_.begin(), enabled_.end(), thread));
    return;
  }
  thread_index* const last = enabled_.data() + size - 1;
  thread_index* at = last;
  while (*at != thread) --at;  // it is there: it was runnable
  for (; at != last; ++at) *at = at[1];
  enabled_.pop_back();
}

thread_index execution::pick_next_slowly() {
  if (!early_firable_.empty() && config_.early_timeouts && !enabled_.empty()) maybe_fire_early();
  if (enabled_.empty()) advance_time();
  if (enabled_.size() <= 1) return enabled_.empty() ? no_thread : enabled_.front();
  return choose_thread();
}

thread_index execution::choose_thread() {
  std::span<const thread_index> offered = enabled_;
  if (locks_held_ != 0 && !stopping_) [[unlikely]] {
    offered = without_blocked_lockers();
    if (offered.size() == 1) return offered.front();
  }
  const thread_index fallback = offers(offered, running_) ? running_ : offered.front();
  if (uniform_ == nullptr) return ask_strategy(offered, fallback);
  const thread_index chosen = offered[uniform_->below(offered.size())];  // what the strategy would answer
  choices_.record(choice_kind::thread, offered.size(), chosen, fallback);
  return chosen;
}

thread_index execution::ask_strategy(std::span<const thread_index> offered, thread_index fallback) {
  if (wants_pending_) collect_pending(offered);  // else pending_ stays empty
  const thread_record* running = running_ < threads_.size() ? threads_[running_].get() : nullptr;
  const thread_index chosen = strategy_.next_thread(
      thread_choice{offered, pending_, running_, fallback, steps_, running != nullptr && running->yielded});
  if (!offers(offered, chosen)) [[unlikely]] return diverged(fallback);  // a replay that diverged
  choices_.record(choice_kind::thread, offered.size(), chosen, fallback);
  return chosen;
}

std::span<const thread_index> execution::without_blocked_lockers() {
  // A runnable thread whose next step locks a mutex another thread owns would only block
  // there: choosing it changes nothing another thread could see (a mutex's waiters are all
  // let go at its unlock, so the order they queued in does not matter). Offering only the
  // others loses no behaviour, and spares the switch to it and back (every point inside a
  // critical section, a condition variable's notify under its mutex among them).
  offered_.clear();
  for (const thread_index t : enabled_) {
    const thread_index* owner = threads_[t]->lock_owner;
    if (owner == nullptr || *owner == no_thread || *owner == t) offered_.push_back(t);  // room: add_thread
  }
  // All of them would block: let them (the deadlock is found when they have).
  if (offered_.empty()) return enabled_;
  return offered_;
}

void execution::collect_pending(std::span<const thread_index> offered) {
  pending_.clear();
  for (thread_index t : offered) {
    const activity& next = threads_[t]->doing;
    pending_.push_back({next.what, next.kind, next.object, threads_[t]->yielded});
  }
}

thread_index execution::diverged(thread_index fallback) {
  fail(failure_kind::replay_diverged, strategy_.divergence(), self().doing.where);
  return fallback;
}

virtual_time execution::earliest_deadline() const noexcept {
  virtual_time earliest = no_deadline;
  for (thread_index i = 0; i < threads_.size(); ++i) {
    if (states_[i] == thread_state::blocked) earliest = std::min(earliest, threads_[i]->doing.deadline);
  }
  return earliest;
}

bool execution::advance_time() {
  const virtual_time earliest = earliest_deadline();
  if (earliest == no_deadline) return false;
  now_ = std::max(now_, earliest);
  // Every timer due now fires; the strategy then chooses which of them runs first.
  for (thread_index i = 0; i < threads_.size(); ++i) {
    if (states_[i] == thread_state::blocked && threads_[i]->doing.deadline == earliest) {
      end_wait(i, wake_reason::timed_out);
    }
  }
  return true;
}

void execution::pass_time_if_all_spin() {
  // Virtual time moves when nobody can run; a spinning thread always can. But none of the
  // spinners gets on until another thread does something, and while they spin real time
  // passes: a sleeping thread's deadline comes (a spin on a flag that a thread sets after
  // sleeping ends on any machine), and so does a deadline a spinner itself polls the clock
  // for. Without this both spun to max_steps, a livelock no machine shows. A thread that
  // spins is one whose last point yielded or re-read what nobody changed
  // (thread_record::yielded). A spin that only another thread's progress can end, and none
  // comes, still spins to max_steps: a real livelock is still one.
  for (const thread_index t : enabled_) {
    if (!threads_[t]->yielded) return;
  }
  let_time_pass();
}

void execution::let_time_pass() {
  // Points by threads that did more than spin came since the last pass: start small again.
  if (steps_ > idle_at_step_ + enabled_.size() + 1) idle_step_ = smallest_idle_step;
  idle_at_step_ = steps_;
  const virtual_time earliest = earliest_deadline();
  if (earliest != no_deadline && earliest - now_ <= idle_step_) {
    advance_time();  // the deadline comes first: its waits end
  } else if (now_ < no_deadline / 2) {
    now_ += idle_step_;
  }
  idle_step_ = std::min(idle_step_ * 2, largest_idle_step);
}

virtual_time execution::read_clock() {
  if (clock_reader_ == running_ && clock_read_at_ == steps_) {
    if (++clock_reads_ >= clock_rereads && !stopping_) let_time_pass();
  } else {
    clock_reader_ = running_;
    clock_read_at_ = steps_;
    clock_reads_ = 1;
  }
  return now_;
}

void execution::maybe_fire_early() {
  // A waiter already woken (runnable, not yet back from its wait) has nothing to fire.
  const auto still_waiting = [this](thread_index i) { return states_[i] == thread_state::blocked; };
  const auto pending = static_cast<std::uint64_t>(std::count_if(early_firable_.begin(), early_firable_.end(), still_waiting));
  if (pending == 0) return;
  std::uint64_t pick = choose(decision::early_timeout, pending + 1, 0);
  if (pick == 0) return;
  for (const thread_index i : early_firable_) {
    const thread_record& t = *threads_[i];
    if (!still_waiting(i)) continue;
    if (--pick == 0) {
      now_ = std::max(now_, t.doing.deadline);
      // Listed with the injections: the thread waiting, what it waited on, and where.
      trace_.push(steps_, now_, t.doing.where, t.doing.object, i, op::timeout_fired_early, t.doing.kind);
      end_wait(i, wake_reason::timed_out);
      return;
    }
  }
}

std::uint64_t execution::choose(decision what, std::uint64_t range, std::uint64_t fallback, double probability) {
  const std::uint64_t answer = strategy_.next_value(value_choice{what, range, fallback, probability});
  if (answer >= range) {
    fail(failure_kind::replay_diverged, strategy_.divergence(), self().doing.where);
    return fallback;
  }
  choices_.record(choice_kind_of(what), range, answer, fallback);
  return answer;
}

}  // namespace weft::detail

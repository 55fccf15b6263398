#include "strategy/pos.hpp"

#include "strategy/random_choice.hpp"

namespace weft::inline sim_v1::detail {

bool pos::begin_execution(std::uint64_t index) {
  rng_.reseed(execution_seed(seed_, index));
  priority_.clear();
  yielded_at_.clear();
  yields_ = 0;
  last_ = no_thread;
  return true;
}

void pos::thread_created(thread_index thread, thread_index) {
  if (priority_.size() <= thread) {
    priority_.resize(thread + 1, 0);
    yielded_at_.resize(thread + 1, 0);
  }
  redraw(thread);
}

void pos::redraw(thread_index thread) {
  priority_[thread] = rng_.next();
  yielded_at_[thread] = 0;
}

bool pos::goes_before(thread_index a, thread_index b) const noexcept {
  if (priority_[a] != priority_[b]) return priority_[a] > priority_[b];
  return yielded_at_[a] < yielded_at_[b];
}

thread_index pos::next_thread(const thread_choice& choice) {
  if (last_ != no_thread) {
    // The event chosen last has run: its thread has a new pending event, and every
    // pending event that raced with it is re-prioritized.
    redraw(last_);
    for (std::size_t i = 0; i < choice.enabled.size(); ++i) {
      if (choice.pending[i].conflicts_with(last_op_)) redraw(choice.enabled[i]);
    }
  }
  // A thread that yields lets the others go first, so spin-waits make progress.
  if (choice.yielded) {
    priority_[choice.running] = 0;
    yielded_at_[choice.running] = ++yields_;
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < choice.enabled.size(); ++i) {
    if (goes_before(choice.enabled[i], choice.enabled[best])) best = i;
  }
  last_ = choice.enabled[best];
  last_op_ = choice.pending[best];
  return last_;
}

std::uint64_t pos::next_value(const value_choice& choice) { return random_choice(rng_, choice); }

}  // namespace weft::inline sim_v1::detail

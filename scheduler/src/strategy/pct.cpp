#include "strategy/pct.hpp"

#include <algorithm>

#include "strategy/random_choice.hpp"

namespace weft::inline sim_v1::detail {

namespace {
// Initial priorities live far above the change-point priorities 1..d-1; drawn at random
// from a 62-bit range they are distinct in practice, and ties are broken by thread index
// so the choice stays deterministic anyway.
constexpr std::uint64_t initial_band = std::uint64_t{1} << 32;
// k for the first execution, before any length has been learned.
constexpr std::uint64_t first_guess_of_steps = 64;
}  // namespace

bool pct::begin_execution(std::uint64_t index) {
  rng_.reseed(execution_seed(seed_, index));
  priority_.clear();
  change_points_.clear();
  changes_done_ = 0;
  yielded_at_.clear();
  yields_ = 0;
  const std::uint64_t k = expected_steps_ == 0 ? first_guess_of_steps : expected_steps_;
  for (std::uint32_t i = 1; i < depth_; ++i) change_points_.push_back({1 + rng_.below(k), i});
  std::sort(change_points_.begin(), change_points_.end(),
            [](const change_point& a, const change_point& b) { return a.step < b.step; });
  return true;
}

void pct::thread_created(thread_index thread, thread_index) {
  if (priority_.size() <= thread) {
    priority_.resize(thread + 1, 0);
    yielded_at_.resize(thread + 1, 0);
  }
  priority_[thread] = initial_band + rng_.below(std::uint64_t{1} << 62);
  yielded_at_[thread] = 0;
}

thread_index pct::next_thread(const thread_choice& choice) {
  while (changes_done_ < change_points_.size() && choice.step >= change_points_[changes_done_].step) {
    priority_[choice.running] = change_points_[changes_done_++].priority;
  }
  if (choice.yielded) yielded_at_[choice.running] = ++yields_;
  thread_index best = no_thread;
  for (thread_index t : choice.enabled) {
    if (yielded_at_[t] == 0 && (best == no_thread || priority_[t] > priority_[best])) best = t;
  }
  if (best == no_thread) {  // every runnable thread has yielded: the one that yielded longest ago
    best = choice.enabled.front();
    for (thread_index t : choice.enabled) {
      if (yielded_at_[t] < yielded_at_[best]) best = t;
    }
  }
  return best;
}

std::uint64_t pct::next_value(const value_choice& choice) { return random_choice(rng_, choice); }

void pct::end_execution(std::uint64_t steps) { expected_steps_ = std::max(expected_steps_, steps); }

std::string pct::describe() const { return "pct:depth=" + std::to_string(depth_); }

}  // namespace weft::detail

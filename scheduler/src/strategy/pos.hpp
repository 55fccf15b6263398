// POS: partial order sampling.
//
// Yuan, Yang, Gu, "Partial Order Aware Concurrency Sampling", CAV 2018. Every pending
// event (the next operation of each runnable thread) has a random priority; the highest
// runs. After an event runs, the pending events that race with it (same object, at least
// one of the two a write) draw fresh priorities, as does the next event of the thread
// that ran. This samples partial orders far more evenly than a random walk, which
// favours interleavings that differ only in the order of independent operations.
#pragma once

#include <cstdint>
#include <vector>

#include "strategy/prng.hpp"
#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

class pos final : public strategy {
 public:
  explicit pos(std::uint64_t seed) noexcept : seed_(seed) {}

  bool begin_execution(std::uint64_t index) override;
  void thread_created(thread_index thread, thread_index parent) override;
  thread_index next_thread(const thread_choice& choice) override;
  std::uint64_t next_value(const value_choice& choice) override;
  std::string describe() const override { return "pos"; }
  bool wants_pending() const override { return true; }

 private:
  void redraw(thread_index thread);
  bool goes_before(thread_index a, thread_index b) const noexcept;

  std::uint64_t seed_;
  prng rng_;
  std::vector<std::uint64_t> priority_;  // of each thread's pending event
  // A yield sets a thread's priority to 0, below every drawn one; among threads at 0 the
  // one that yielded longest ago goes first (by the clock of yields; 0: drawn priority),
  // so that two spinners waiting on each other's progress take turns.
  std::vector<std::uint64_t> yielded_at_;
  std::uint64_t yields_ = 0;
  // The event chosen last time: it has run by the time of the next choice.
  thread_index last_ = no_thread;
  pending_op last_op_{};
};

}  // namespace weft::inline sim_v1::detail

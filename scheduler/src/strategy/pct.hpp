// PCT: probabilistic concurrency testing.
//
// Burckhardt, Kothari, Musuvathi, Nagarakatte, "A Randomized Scheduler with Probabilistic
// Guarantees of Finding Bugs", ASPLOS 2010. Threads get random distinct priorities above
// d; d-1 change points are drawn uniformly in [1, k]; the highest-priority runnable thread
// always runs; at the i-th change point the running thread drops to priority i, below
// every initial priority. A bug of depth d is found with probability at least
// 1/(n k^(d-1)) per execution. k, the length of an execution, is learned: the longest
// execution seen so far. Threads created mid-run get a random priority among the initial
// ones.
//
// Yields (and spins: re-reads of an unchanged atomic, failed attempts) send a thread
// below every thread that has not yielded (Musuvathi & Qadeer, "Fair stateless model
// checking", PLDI 2008), so spin-waits make progress. Among threads that have yielded,
// the one that yielded longest ago goes first: if they shared one priority, the lower
// index would win every tie, and a thread spinning on a lock would starve the holder if
// that had yielded once too (CHESS's InterlockedWorkStealQueue, whose every read of an
// index is a compare-exchange that looks like a spin, then livelocked).
#pragma once

#include <cstdint>
#include <vector>

#include "strategy/prng.hpp"
#include "strategy/strategy.hpp"
#include "support/counted.hpp"

namespace weft::inline sim_v1::detail {

class pct final : public strategy {
 public:
  pct(std::uint64_t seed, std::uint32_t depth) noexcept : seed_(seed), depth_(depth) {}

  bool begin_execution(std::uint64_t index) override;
  void thread_created(thread_index thread, thread_index parent) override;
  thread_index next_thread(const thread_choice& choice) override;
  std::uint64_t next_value(const value_choice& choice) override;
  void end_execution(std::uint64_t steps) override;
  std::string describe() const override;
  std::string summary() const override {
    return describe() + " (execution length learned: " + counted(expected_steps_, "step") + ")";
  }

 private:
  std::uint64_t seed_;
  std::uint32_t depth_;
  std::uint64_t expected_steps_ = 0;  // k: the longest execution seen so far
  prng rng_;
  std::vector<std::uint64_t> priority_;  // by thread index
  // Change point i (1-based) lowers the running thread to priority i. The steps are drawn
  // independently of i, so the thread lowered first is not necessarily the lowest.
  struct change_point {
    std::uint64_t step;
    std::uint64_t priority;
  };
  std::vector<change_point> change_points_;  // sorted by step
  std::size_t changes_done_ = 0;
  // When each thread last yielded (0: never in this execution), on a clock of yields.
  std::vector<std::uint64_t> yielded_at_;
  std::uint64_t yields_ = 0;
};

}  // namespace weft::detail

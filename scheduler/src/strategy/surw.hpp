// SURW: selectively uniform random walk.
//
// After "Selectively Uniform Concurrency Testing" (ASPLOS 2025). A plain random walk
// picks a runnable thread uniformly at each step, which does not sample interleavings
// uniformly: a thread with many events left is as likely to run next as one with a
// single event, so schedules where the short thread runs late are rare. Picking each
// thread with probability proportional to the events it has left samples every
// interleaving of those events with the same probability (the multinomial count of the
// ways to finish from each state). SURW applies that to a selected subset of the events:
// each execution draws, for every object the body touched in earlier executions, whether
// its events count, and weights each thread by the counted events it has left.
// Uncounted events still run (every thread keeps a weight of at least 1), so every
// interleaving stays reachable.
//
// What a thread has left is learned: the most events per object each thread (by index)
// made in any earlier execution, less what it has made in this one. A thread that yields
// (a spin) is passed over while another thread can run.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "strategy/prng.hpp"
#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

class surw final : public strategy {
 public:
  explicit surw(std::uint64_t seed) noexcept : seed_(seed) {}

  bool begin_execution(std::uint64_t index) override;
  void thread_created(thread_index thread, thread_index parent) override;
  bool wants_pending() const override { return true; }
  thread_index next_thread(const thread_choice& choice) override;
  std::uint64_t next_value(const value_choice& choice) override;
  void end_execution(std::uint64_t steps) override;
  std::string describe() const override { return "surw"; }

 private:
  // An object, as events name it: its kind and its id in the execution.
  static std::uint64_t object_key(const pending_op& op) noexcept {
    return std::uint64_t{static_cast<std::uint8_t>(op.kind)} << 32 | op.object;
  }
  // Whether events on `key` count in this execution (drawn once per object).
  bool counted(std::uint64_t key);
  void ran(thread_index thread, const pending_op& event);

  using event_counts = std::unordered_map<std::uint64_t, std::uint32_t>;  // per object key

  std::uint64_t seed_;
  prng rng_;
  std::vector<event_counts> learned_;   // by thread index: the most events per object seen
  std::vector<event_counts> made_;      // by thread index: events per object in this execution
  std::vector<std::uint64_t> left_;     // by thread index: counted events it has left
  std::unordered_map<std::uint64_t, bool> counted_;  // this execution's selection
};

}  // namespace weft::detail

// Rotation: every runnable thread takes one step in turn, in index order.
//
// The schedule that overlaps the threads' operations the most: each thread is preempted
// after each step, so a check and its act, a load and its store, or a first lock and a
// second are split by every other thread's step. That is all many shallow bugs need (a
// lost update, an ABBA deadlock, dining philosophers who all take their left fork), and
// a random walk reaches this one schedule only by chance. It is one schedule, the same
// for every seed, so it is no strategy on its own: the portfolio runs it as the last of
// its opening's six executions (in every shard and worker, each of which has its own
// opening), so a bug it exposes is found within six executions for every seed. Value
// choices get their fallback (what an unchosen run does).
#pragma once

#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

class rotation final : public strategy {
 public:
  bool begin_execution(std::uint64_t) override { return true; }
  // The first runnable thread after the running one, wrapping around.
  thread_index next_thread(const thread_choice& choice) override {
    for (const thread_index t : choice.enabled) {
      if (t > choice.running) return t;
    }
    return choice.enabled.front();
  }
  std::uint64_t next_value(const value_choice& choice) override { return choice.fallback; }
  std::string describe() const override { return "rotation"; }
};

}  // namespace weft::detail

// feedback: greybox fuzzing of schedules.
//
// After RFF ("Greybox Fuzzing for Concurrency Testing", ASPLOS 2024) and Fray's FEST: a
// random walk samples schedules independently, so a bug that needs several unlikely
// steps in a row (SafeStack needs seven preemptions at the right places) is as rare on
// the millionth execution as on the first. A fuzzer keeps the schedules that did
// something new (behaviour.hpp: a new ordering of conflicting operations, or a known one
// more often) in a corpus and mutates them, so each unlikely step, once taken, is kept
// and built on.
//
// An execution is either a fresh walk by one of the strategy's walkers (the first, and
// one in eight after; with a warm-up, most of the first thousand) or replays a
// schedule from the corpus with one to three mutations: a preemption (at a chosen step,
// another runnable thread runs instead of the recorded one), a delay (the recorded
// thread waits a few steps), or a random tail (the walk turns random from a step on).
// Value choices (which store a load reads under the C11 model, which waiter a notify
// wakes, a timeout firing early) are replayed too, and one may be redrawn. A recorded
// thread that cannot run is passed by: the replay runs the next recorded thread that
// can, so a mutation changes what follows as little as it can.
//
// Every execution's schedule, fresh or mutated, joins the corpus if it did something
// new. Strategy `feedback` walks at random; strategy `portfolio` (the default) opens
// with fresh walks of PCT, surw, PCT, random, POS and rotation and then draws its
// walker by weight (random, POS and surw alike; PCT only if given a weight), so the bugs
// each of those finds first are found about as fast, and builds on all of them.
//
// Everything is derived from the seed and the executions before, in order, so an
// exploration is deterministic; each shard and worker grows its own corpus.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "strategy/behaviour.hpp"
#include "strategy/prng.hpp"
#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

class feedback final : public strategy {
 public:
  struct walker {
    // A strategy that is not exhaustive and does not observe events (executed() is not
    // passed on).
    std::unique_ptr<strategy> walks;
    // Its share of the fresh walks after the opening; 0 for a walker of the opening only.
    std::uint32_t weight;
  };
  struct settings {
    std::string spec;              // what describe() says
    std::vector<walker> walkers;   // at least one with a weight above 0
    // Fresh walks while the corpus is young: a mutation of a schedule from the first
    // executions is no likelier to find a bug than a fresh walk, and a shallow bug is
    // found by some walker within a few dozen executions.
    bool warm_up = false;
    // The walkers (by position in `walkers`) of the first executions, in order; the
    // weights choose after them.
    std::vector<std::size_t> opening;
  };

  feedback(std::uint64_t seed, settings how);

  bool begin_execution(std::uint64_t index) override;
  void thread_created(thread_index thread, thread_index parent) override;
  bool wants_pending() const override { return walking_ != nullptr && walking_->wants_pending(); }
  bool reads_events() const override { return true; }
  void read_events(std::span<const event> events) override;
  thread_index next_thread(const thread_choice& choice) override;
  std::uint64_t next_value(const value_choice& choice) override;
  void end_execution(std::uint64_t steps) override;
  std::string describe() const override { return spec_; }
  std::string summary() const override;

 private:
  struct value_answer {
    decision what;
    std::uint64_t answer;
  };
  struct schedule {
    std::vector<thread_index> threads;  // the answer at each choice of thread, in order
    std::vector<value_answer> values;   // the answer at each choice of value, in order
  };
  // What this execution does with its parent schedule at a given choice of thread.
  enum class twist : std::uint8_t { preempt, delay, random_tail };

  // Whether execution number runs_ (of this instance) is a fresh walk.
  bool fresh_walk();
  strategy& pick_walker();
  void plan_mutations();
  std::size_t pick_parent();
  thread_index random_thread(const thread_choice& choice);
  // The position in the plan of the recorded thread to run now: the first from next that
  // can run and is not delayed, looking a little ahead; SIZE_MAX if there is none.
  std::size_t planned(const thread_choice& choice) const;
  // Marks replay_.plan[position] as run, and moves replay_.next past the entries run.
  void take(std::size_t position);
  void skip_taken();
  // Drops the plan's first entry not taken when it has not been runnable for
  // give_up_after choices.
  void pass_by_front(const thread_choice& choice);

  std::uint64_t seed_;
  std::string spec_;
  std::vector<walker> walkers_;
  std::uint64_t total_weight_ = 0;
  bool warm_up_;
  std::vector<std::size_t> opening_;
  std::uint64_t runs_ = 0;  // executions ended
  prng rng_;
  behaviour behaviour_;
  std::vector<schedule> corpus_;
  std::size_t corpus_choices_ = 0;  // recorded in the corpus, threads and values

  // This execution's walker, when it is a fresh walk.
  strategy* walking_ = nullptr;

  // This execution's replay of a corpus schedule (left at its defaults by a fresh walk).
  struct replay {
    std::vector<thread_index> plan;  // the parent's thread answers; one taken becomes no_thread
    std::size_t next = 0;            // the first not taken
    std::uint32_t passed_by = 0;     // choices since plan[next] was last runnable
    const std::vector<value_answer>* values = nullptr;  // the parent's value answers
    std::vector<std::pair<std::size_t, twist>> twists;  // by position, ascending
    std::size_t next_twist = 0;
    std::size_t value_to_redraw = SIZE_MAX;
    bool random_from_here = false;
    thread_index delayed = no_thread;
    std::uint32_t delay_left = 0;
    // Back to these defaults, keeping the vectors' memory: assigned a fresh replay, they
    // were freed and allocated again in every execution.
    void reset() noexcept {
      plan.clear();
      twists.clear();
      *this = replay{.plan = std::move(plan), .twists = std::move(twists)};
    }
  };
  replay replay_;
  schedule made_;  // what this execution chose so far
};

}  // namespace weft::inline sim_v1::detail

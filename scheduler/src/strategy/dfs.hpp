// Exhaustive depth-first search of schedules with dynamic partial-order reduction.
//
// Flanagan & Godefroid, "Dynamic partial-order reduction for model checking software",
// POPL 2005, with sleep sets (Godefroid 1996). Each execution replays a prefix of
// recorded choices and extends it with default choices (keep running the current thread:
// fewest preemptions first). While it runs, every event is checked against earlier
// events: when two events of different threads conflict (same object, at least one
// changes it) and neither happens before the other (vector clocks over program order,
// spawn, join and conflicts), the other order must also be tried, so the thread of the
// later event is added to the backtrack set of the choice point before the earlier one.
// Threads whose next operation was already explored at a choice point, and is
// independent of everything run since, sleep: trying them again would only reorder
// independent operations. The search is complete when no backtrack point is left.
//
// Other decisions: which waiter a notify_one wakes, buggify, injected cancellations and
// the memory model's reads-from and store orders are explored exhaustively; a
// compare_exchange_weak's spurious failure at most once per execution (a complete search
// covers no schedule with two); spurious wakeups,
// early timeouts and the seed of weft::random() keep their defaults (exploring them would
// not terminate usefully: a loop that retries could fail again at every retry).
// A thread that yields (or re-reads an unchanged atomic) is not picked by default while
// another can run, so spin loops terminate. An optional preemption bound (CHESS, Musuvathi
// & Qadeer PLDI 2007) prunes schedules with more preemptions than the bound.
//
// Without reduction (dfs:reduction=off) every runnable thread is tried at every choice
// point: far slower, and the reference the reduction is tested against (the outcomes
// both reach must be the same).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

class dfs final : public strategy {
 public:
  static constexpr std::uint32_t unbounded = std::numeric_limits<std::uint32_t>::max();
  explicit dfs(std::uint32_t preemption_bound, bool reduce = true) noexcept
      : bound_(preemption_bound), reduce_(reduce) {}

  bool begin_execution(std::uint64_t index) override;
  void thread_created(thread_index thread, thread_index parent) override;
  thread_index next_thread(const thread_choice& choice) override;
  std::uint64_t next_value(const value_choice& choice) override;
  bool observes_events() const override { return true; }
  bool wants_pending() const override { return true; }
  void executed(thread_index thread, const pending_op& event) override;
  bool exhaustive() const override { return true; }
  bool left_out_schedules() const override { return left_out_; }
  std::string divergence() const override { return divergence_; }
  std::string describe() const override;

 private:
  using clock = std::vector<std::uint32_t>;

  struct frame {
    bool thread_choice;
    std::vector<thread_index> enabled;  // thread frames
    std::vector<pending_op> pending;    // aligned with enabled
    thread_index running;
    bool running_may_continue;  // running is enabled and did not yield: picking another preempts
    std::uint64_t range;        // value frames
    std::uint64_t chosen;
    std::vector<std::uint64_t> todo;  // alternatives still to explore
    std::vector<std::uint64_t> done;  // alternatives explored (chosen last)
    std::vector<thread_index> sleep;  // asleep when the frame was first reached
    std::uint32_t preemptions;        // on the path before this frame
  };

  struct traced_event {
    thread_index thread;
    pending_op op;
    std::int64_t frame;  // the thread choice point it ran after; -1 if none yet
    clock happened;      // vector clock
  };

  struct sleeper {
    thread_index thread;
    pending_op next;
  };

  bool advance();
  bool is_preemption(const frame& f, std::uint64_t thread) const noexcept;
  // Fair scheduling: a spinning thread is picked only when every runnable thread spins.
  static bool eligible(const frame& f, std::uint64_t thread) noexcept;
  void add_backtrack(std::int64_t frame_index, thread_index thread);
  void enter_subtree(const frame& f);
  clock& clock_of(thread_index thread);
  std::uint64_t diverged(const std::string& what);

  std::uint32_t bound_;
  bool reduce_;
  bool left_out_ = false;  // the bound kept an alternative from the search
  std::vector<frame> stack_;
  std::size_t depth_ = 0;
  std::uint32_t path_preemptions_ = 0;
  std::uint32_t path_spurious_failures_ = 0;  // compare_exchange_weak failures chosen so far
  std::int64_t current_frame_ = -1;
  std::vector<sleeper> asleep_;
  std::vector<traced_event> trace_;
  std::vector<clock> thread_clock_;
  std::vector<clock> finish_clock_;
  std::string divergence_;
};

}  // namespace weft::inline sim_v1::detail

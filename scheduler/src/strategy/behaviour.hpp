// What an execution did, abstracted so that two executions can be compared: the
// feedback strategy's measure of "new behaviour".
//
// Each event on a shared object becomes a pair: which thread did what to the object, and
// which thread changed the object last before it (for a load under sequential
// consistency, the thread it read from; for a write, the one it was ordered after). A
// pair is combined with the previous pair of the same thread, as AFL combines a branch
// with the one before it, so that a thread's path through its operations counts, not
// only each operation alone. How often a pair occurs in an execution is bucketed (1, 2-3,
// 4-7, 8-15, ...), much as AFL does, so that looping once more is new only when it
// crosses a power of two.
//
// Threads are named by index and objects by their id in the execution; both are given in
// creation (first-touch) order, so the same program path names them the same way in
// every execution.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "support/hash_set64.hpp"
#include "support/round_counts.hpp"
#include "strategy/prng.hpp"
#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

class behaviour {
 public:
  // Forgets the current execution (not what was seen in earlier ones): what the tables
  // below hold from earlier executions reads as 0 from now on.
  void begin() {
    pairs_.next_round();
    ++execution_;
  }

  // Called for every event: a few vector accesses and one probe of this execution's
  // counts (the full mix, and the lookup among every execution's features, wait for
  // commit()). Inlined into the caller's loop over events, which then saves registers
  // once for all of them.
  [[gnu::always_inline]] void executed(thread_index thread, const pending_op& event) {
    if (event.kind == object_kind::none) return;
    const auto kind = static_cast<std::size_t>(event.kind);
    std::uint64_t& changed_by = entry(last_change_[kind], event.object);  // 0: not changed in this execution
    // Multiply-add hashing here, one full mix per distinct pair at commit().
    const std::uint64_t who = std::uint64_t{thread} << 8 | static_cast<std::uint8_t>(event.what);
    const std::uint64_t pair = (std::uint64_t{event.object} << 5 | kind) * 0x9e3779b97f4a7c15ULL +
                               who * 0xc2b2ae3d27d4eb4fULL + changed_by * 0x165667b19e3779f9ULL;
    if (event.changes_state()) changed_by = who | 1u << 31;
    std::uint64_t& previous = entry(previous_, thread);
    pairs_.add(pair ^ (previous << 1 | previous >> 63));
    previous = pair;
  }

  // Adds the current execution's behaviour to what was seen; returns how many of its
  // features had never been seen before.
  std::size_t commit() {
    std::size_t fresh = 0;
    pairs_.for_each([&](std::uint64_t pair, std::uint64_t count) {
      const auto bucket = static_cast<std::uint64_t>(std::bit_width(count));
      if (seen_.size() < seen_limit && seen_.insert(splitmix64_mix(pair ^ bucket << 58))) ++fresh;
    });
    return fresh;
  }

  std::size_t seen() const noexcept { return seen_.size(); }

  // Past this many features (a table of 16 MB, 24 MB while it last doubles) nothing is
  // new any more: the corpus stops growing and a long exploration stays in bounded memory.
  static constexpr std::size_t seen_limit = std::size_t{1} << 20;

 private:
  // A value of this execution's, or of an earlier one's (which reads as 0): the tables
  // are not cleared between executions, nor shrunk and grown again, each time.
  struct stamped {
    std::uint64_t value = 0;
    std::uint64_t execution = 0;
  };
  std::uint64_t& entry(std::vector<stamped>& table, std::size_t index) {
    if (table.size() <= index) [[unlikely]] widen(table, index);
    stamped& at = table[index];
    if (at.execution != execution_) at = {0, execution_};
    return at.value;
  }

  // Out of line and cold, as round_counts::grow: the loop executed() is inlined into
  // keeps its registers.
  [[gnu::noinline, gnu::cold]] static void widen(std::vector<stamped>& table, std::size_t index) {
    table.resize(std::max(index + 1, table.size() * 2));
  }

  // Every value an object_kind's byte can hold: a kind added later has its table too.
  static constexpr std::size_t object_kinds = std::size_t{std::numeric_limits<std::underlying_type_t<object_kind>>::max()} + 1;
  std::uint64_t execution_ = 0;                          // begin() calls so far; stamps start at 0
  round_counts pairs_;                                   // this execution's, with how often each occurred
  std::vector<stamped> last_change_[object_kinds];       // by kind, by object: who changed it last, and how
  std::vector<stamped> previous_;                        // per thread: its last pair
  hash_set64 seen_;                                      // features of every execution so far
};

}  // namespace weft::inline sim_v1::detail

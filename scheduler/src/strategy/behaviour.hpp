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

#include <bit>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "strategy/prng.hpp"
#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

class behaviour {
 public:
  // Forgets the current execution (not what was seen in earlier ones).
  void begin() {
    pairs_.clear();
    last_change_.clear();
    previous_.clear();
  }

  void executed(thread_index thread, const pending_op& event) {
    if (event.kind == object_kind::none) return;
    const std::uint64_t object = std::uint64_t{static_cast<std::uint8_t>(event.kind)} << 32 | event.object;
    std::uint64_t& changed_by = last_change_[object];  // 0: never changed in this execution
    const std::uint64_t pair =
        splitmix64_mix(object ^ splitmix64_mix(std::uint64_t{thread} << 8 | static_cast<std::uint8_t>(event.what)) ^
                       (changed_by * 0x9e3779b97f4a7c15ULL));
    if (event.changes_state()) changed_by = std::uint64_t{thread} << 8 | static_cast<std::uint8_t>(event.what) | 1u << 31;
    if (previous_.size() <= thread) previous_.resize(thread + 1, 0);
    ++pairs_[splitmix64_mix(pair ^ (previous_[thread] >> 1))];
    previous_[thread] = pair;
  }

  // Adds the current execution's behaviour to what was seen; returns how many of its
  // features had never been seen before.
  std::size_t commit() {
    std::size_t fresh = 0;
    for (const auto& [pair, count] : pairs_) {
      const auto bucket = static_cast<std::uint64_t>(std::bit_width(count));
      if (seen_.insert(splitmix64_mix(pair + bucket)).second) ++fresh;
    }
    return fresh;
  }

  std::size_t seen() const noexcept { return seen_.size(); }

 private:
  std::unordered_map<std::uint64_t, std::uint32_t> pairs_;       // this execution's, with counts
  std::unordered_map<std::uint64_t, std::uint64_t> last_change_;  // per object: who changed it last, and how
  std::vector<std::uint64_t> previous_;                           // per thread: its last pair
  std::unordered_set<std::uint64_t> seen_;                        // features of every execution so far
};

}  // namespace weft::detail

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
#include <vector>

#include "support/hash_set64.hpp"
#include "strategy/prng.hpp"
#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

class behaviour {
 public:
  // Forgets the current execution (not what was seen in earlier ones).
  void begin() {
    pairs_.clear();
    for (auto& changes : last_change_) changes.clear();
    previous_.clear();
  }

  // Called for every event; costs a few vector accesses (no hashing into tables: this
  // runs at every step of every execution).
  void executed(thread_index thread, const pending_op& event) {
    if (event.kind == object_kind::none) return;
    const auto kind = static_cast<std::size_t>(event.kind);
    if (last_change_.size() <= kind) last_change_.resize(kind + 1);
    std::vector<std::uint64_t>& changes = last_change_[kind];
    if (changes.size() <= event.object) changes.resize(event.object + 1, 0);
    std::uint64_t& changed_by = changes[event.object];  // 0: not changed in this execution
    // Multiply-add hashing here, one full mix per distinct pair at commit().
    const std::uint64_t who = std::uint64_t{thread} << 8 | static_cast<std::uint8_t>(event.what);
    const std::uint64_t pair = (std::uint64_t{event.object} << 5 | kind) * 0x9e3779b97f4a7c15ULL +
                               who * 0xc2b2ae3d27d4eb4fULL + changed_by * 0x165667b19e3779f9ULL;
    if (event.changes_state()) changed_by = who | 1u << 31;
    if (previous_.size() <= thread) previous_.resize(thread + 1, 0);
    pairs_.push_back(pair ^ (previous_[thread] << 1 | previous_[thread] >> 63));
    previous_[thread] = pair;
  }

  // Adds the current execution's behaviour to what was seen; returns how many of its
  // features had never been seen before.
  std::size_t commit() {
    std::sort(pairs_.begin(), pairs_.end());
    std::size_t fresh = 0;
    for (std::size_t i = 0; i < pairs_.size();) {
      std::size_t end = i + 1;
      while (end < pairs_.size() && pairs_[end] == pairs_[i]) ++end;
      const auto bucket = static_cast<std::uint64_t>(std::bit_width(end - i));
      if (seen_.size() < seen_limit && seen_.insert(splitmix64_mix(pairs_[i] ^ bucket << 58))) ++fresh;
      i = end;
    }
    return fresh;
  }

  std::size_t seen() const noexcept { return seen_.size(); }

  // Past this many features (a table of 16 MB, 24 MB while it last doubles) nothing is
  // new any more: the corpus stops growing and a long exploration stays in bounded memory.
  static constexpr std::size_t seen_limit = std::size_t{1} << 20;

 private:
  std::vector<std::uint64_t> pairs_;                     // this execution's, one per event
  std::vector<std::vector<std::uint64_t>> last_change_;  // by kind, by object: who changed it last, and how
  std::vector<std::uint64_t> previous_;                  // per thread: its last pair
  hash_set64 seen_;                                      // features of every execution so far
};

}  // namespace weft::inline sim_v1::detail

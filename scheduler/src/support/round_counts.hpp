// How often each 64-bit value occurred in the current round (an execution), forgotten at
// once when the next round begins: every slot carries the round it was written in, and a
// slot of an earlier round reads as empty. Counting this way costs a probe per value, where
// sorting a round's values to count them mispredicted a branch at about every comparison.
//
// Open addressing with linear probing, at most half full; the table keeps its size from
// round to round and doubles when a round needs it. Counts are 32-bit: a value occurring
// 2^32 times in one round would wrap.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace weft::inline sim_v1::detail {

class round_counts {
 public:
  round_counts() : slots_(std::size_t{1} << initial_slots_log2) {}

  // Forgets every count.
  void next_round() noexcept {
    distinct_.clear();
    if (++round_ != 0) return;
    // Once in 2^32 rounds the stamps wrap around: every slot is emptied for real.
    std::fill(slots_.begin(), slots_.end(), slot{});
    round_ = 1;
  }

  // Counts one occurrence of `value`. May throw std::bad_alloc when the table grows.
  [[gnu::always_inline]] void add(std::uint64_t value) {
    if ((distinct_.size() + 1) * 2 > slots_.size()) grow();
    place(value, 1);
  }

  // Calls visit(value, count) for each value of this round, in the order of their first
  // occurrence.
  template <class Visit>
  void for_each(Visit visit) const {
    for (const std::size_t at : distinct_) visit(slots_[at].value, slots_[at].count);
  }

  std::size_t distinct() const noexcept { return distinct_.size(); }

 private:
  struct slot {
    std::uint64_t value = 0;
    std::uint32_t round = 0;  // written in this round, or stale
    std::uint32_t count = 0;
  };

  // The first slot to probe: the top bits of a multiplicative hash, which every bit of
  // `value` moves.
  [[gnu::always_inline]] void place(std::uint64_t value, std::uint32_t count) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = static_cast<std::size_t>((value * 0x9e3779b97f4a7c15ULL) >> shift_);; i = (i + 1) & mask) {
      slot& s = slots_[i];
      if (s.round != round_) {
        s = {value, round_, count};
        distinct_.push_back(i);
        return;
      }
      if (s.value == value) {
        s.count += count;
        return;
      }
    }
  }

  // Twice the slots, this round's counts moved over in the same order. Allocates
  // everything before it changes anything: a std::bad_alloc leaves the counts as they
  // were. Out of line and cold: add() is inlined into loops over many values.
  [[gnu::noinline, gnu::cold]] void grow() {
    std::vector<slot> old(slots_.size() * 2);
    std::vector<std::size_t> order;
    order.reserve(distinct_.capacity());
    old.swap(slots_);
    order.swap(distinct_);  // distinct_ now has room for them all: place() cannot throw
    --shift_;
    for (const std::size_t at : order) place(old[at].value, old[at].count);
  }

  static constexpr unsigned initial_slots_log2 = 4;
  std::vector<slot> slots_;                      // 2^(64 - shift_) of them
  std::vector<std::size_t> distinct_;            // the slots written this round, first written first
  unsigned shift_ = 64 - initial_slots_log2;
  std::uint32_t round_ = 1;                      // slots start in round 0: empty
};

}  // namespace weft::inline sim_v1::detail

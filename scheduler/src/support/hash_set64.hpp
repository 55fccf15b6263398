// A set of 64-bit hashes in one flat array (open addressing, linear probing). In support/:
// the exploration statistics (api/) and the feedback strategy (strategy/) both use it.
//
// The exploration statistics insert one schedule hash per execution, and the feedback
// strategy's behaviours a few dozen features per execution; short bodies run a million
// executions a second: std::unordered_set allocates a node per element and divides by a
// prime at each lookup, a visible share of such an execution; this set allocates only
// when its table doubles, into 8-byte slots at most half full.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace weft::inline sim_v1::detail {

class hash_set64 {
 public:
  // Adds `value`; returns whether it was new. May throw std::bad_alloc when the table grows.
  bool insert(std::uint64_t value) {
    if (value == 0) {
      const bool added = !has_zero_;
      has_zero_ = true;
      return added;
    }
    if ((used_ + 1) * 2 > slots_.size()) grow();
    for (std::size_t i = slot_of(value);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == value) return false;
      if (slots_[i] == 0) {
        slots_[i] = value;
        ++used_;
        return true;
      }
    }
  }
  bool contains(std::uint64_t value) const noexcept {
    if (value == 0) return has_zero_;
    if (slots_.empty()) return false;
    for (std::size_t i = slot_of(value);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == value) return true;
      if (slots_[i] == 0) return false;
    }
  }
  std::size_t size() const noexcept { return used_ + (has_zero_ ? 1 : 0); }
  // Calls visit(value) for every value in the set, in no particular order.
  template <class Visit>
  void for_each(Visit visit) const {
    if (has_zero_) visit(std::uint64_t{0});
    for (const std::uint64_t v : slots_) {
      if (v != 0) visit(v);
    }
  }
  // Empties the set and gives its memory back.
  void release() noexcept {
    std::vector<std::uint64_t>().swap(slots_);
    used_ = 0;
    has_zero_ = false;
  }

 private:
  // Fibonacci hashing: the top bits of value times 2^64 / phi, so values that differ only
  // in their low bits (or only in their high ones) still spread over the table.
  std::size_t slot_of(std::uint64_t value) const noexcept {
    return static_cast<std::size_t>((value * 0x9e3779b97f4a7c15ULL) >> shift_);
  }
  // Starts at 16 slots: an explore() of a few executions makes a set, and clearing a
  // larger first table was a visible share of such a call.
  void grow() {
    std::vector<std::uint64_t> old(slots_.empty() ? 16 : slots_.size() * 2, 0);
    old.swap(slots_);
    shift_ = 64;
    for (std::size_t n = slots_.size(); n > 1; n /= 2) --shift_;
    used_ = 0;
    for (const std::uint64_t v : old) {
      if (v != 0) insert(v);
    }
  }

  std::vector<std::uint64_t> slots_;  // 0: empty (zero itself is has_zero_)
  std::size_t used_ = 0;              // non-zero values in slots_
  unsigned shift_ = 64;
  bool has_zero_ = false;
};

}  // namespace weft::inline sim_v1::detail

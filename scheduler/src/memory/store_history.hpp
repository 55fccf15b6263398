// The latest stores to one atomic, in modification order: what its loads may still read.
//
// C++ lets a load read any store that coherence and happens-before leave visible, not only
// the latest, so each atomic keeps its last few stores (options::store_history, as Relacy
// and C11Tester keep a bounded history per location) with what a reader needs: the value,
// what an acquire load reading it synchronizes with, who has seen it and where it sits in
// the seq_cst total order. The oldest store is forgotten when the bound is passed: the
// history then offers fewer stale values, never one the model forbids.
#pragma once

#include <cstddef>
#include <cstdint>
#include <source_location>
#include <vector>

#include "memory/vector_clock.hpp"

namespace weft::inline sim_v1::detail {

// The most stores an atomic keeps (options::store_history): every store and load scans
// the history, and real hardware rarely shows a value older than this.
inline constexpr std::size_t max_store_history = 64;

struct store_record {
  // The storing thread and its clock entry then; no_thread for the value the atomic held
  // when the execution first touched it, which every thread has seen.
  thread_index writer = no_thread;
  std::uint32_t tick = 0;
  // Its place in the seq_cst total order, for a seq_cst store; 0 otherwise.
  std::uint64_t sc_index = 0;
  // The place in that order of the first seq_cst load that read it; 0 if none has.
  std::uint64_t sc_read = 0;
  // A read-modify-write: it read the store just before it, and nothing may come between.
  bool read_modify_write = false;
  // What an acquire load that reads it takes: the release sequence it belongs to.
  vector_clock released;
  // Per thread, the clock entry of its first access that saw this store or wrote it: once
  // one of them happens before a thread's operation, coherence forbids reading older ones.
  vector_clock observed;
  std::source_location where;
  std::uint64_t event = 0;  // its event's number (from 1) in the execution's trace; 0: none
  std::vector<unsigned char> value;
};

class store_history {
 public:
  // Empty, keeping the storage for the next execution.
  void clear() noexcept {
    for (std::uint32_t slot : order_) free_.push_back(slot);
    order_.clear();
  }
  bool empty() const noexcept { return order_.empty(); }
  std::size_t size() const noexcept { return order_.size(); }
  // The store at `position` in modification order, 0 the oldest kept.
  store_record& at(std::size_t position) noexcept { return slots_[order_[position]]; }
  const store_record& at(std::size_t position) const noexcept { return slots_[order_[position]]; }
  store_record& newest() noexcept { return at(size() - 1); }

  // A new store at `position` (size() for the newest), its fields reset. Forgets the
  // oldest store first if the history already holds `bound` of them; returns the new
  // record's position then.
  std::size_t insert(std::size_t position, std::size_t bound) {
    if (order_.size() >= bound && position > 0) {
      free_.push_back(order_.front());
      order_.erase(order_.begin());
      --position;
    }
    std::uint32_t slot = 0;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    } else {
      slot = free_.back();
      free_.pop_back();
    }
    store_record& r = slots_[slot];
    r.writer = no_thread;
    r.tick = 0;
    r.sc_index = 0;
    r.sc_read = 0;
    r.read_modify_write = false;
    r.released.clear();
    r.observed.clear();
    r.where = {};
    r.event = 0;
    order_.insert(order_.begin() + static_cast<std::ptrdiff_t>(position), slot);
    return position;
  }

 private:
  std::vector<store_record> slots_;  // records, reused across executions
  std::vector<std::uint32_t> order_;  // slots in modification order
  std::vector<std::uint32_t> free_;
};

}  // namespace weft::detail

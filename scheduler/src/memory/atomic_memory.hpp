// Which store each atomic load reads: the C++20 memory model's values.
//
// Every atomic keeps its latest stores in modification order (store_history.hpp). A load
// may read any of them not older than its floor: the newest store that coherence
// (ISO C++20 [intro.races] p13-18) or the seq_cst order ([atomics.order] p4) puts before
// it, which is the newest store that
// - the loading thread wrote or saw, or that another thread wrote or saw at a moment
//   that happens before the load (write-read and read-read coherence), or
// - a seq_cst store wrote or a seq_cst load read, placed in the seq_cst order before the
//   load itself (if seq_cst) or before the last seq_cst fence the loader ran (p4.1, p4.3),
//   or
// - any thread wrote or saw at a moment that happens before a seq_cst fence placed in
//   that order before the load (if seq_cst) or before the loader's last seq_cst fence
//   (p4.2, p4.4): with fences between every pair of accesses, the outcomes are those of
//   some interleaving (IRIW, W+RWC).
// The seq_cst total order is the order in which the simulation runs those operations.
// Which of the readable stores a load reads is a recorded choice (decision::reads_from,
// 0 the newest), so the default schedule is sequentially consistent and a token replays
// the stale reads exactly.
//
// A store may likewise be placed before newer stores that nothing orders it after (the
// same floor; a choice, decision::store_order, 0 the newest position), which is how
// 2+2W's outcome arises; a read-modify-write always reads the newest store and goes last,
// as C11Tester does, and never has a store placed between it and the store it read.
// Like Relacy and C11Tester, loads never read stores that have not happened yet (no load
// buffering), and a failed compare-exchange reads the newest store. Stores become visible
// in finite time ([intro.progress] p18): a line that read a stale value of an atomic never
// reads a stale value of it twice in a row, so a spin loop always ends.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <source_location>
#include <vector>

#include "memory/happens_before.hpp"
#include "memory/store_history.hpp"

namespace weft::inline sim_v1::detail {

// How an execution treats atomics (options::memory_model, and whether it is tracked).
enum class memory_mode : std::uint8_t {
  untracked,  // no happens-before, every load reads the latest store: no weft::shared<T>
              // and no weak order has been seen yet in this exploration
  sc,         // happens-before tracked; every load reads the latest store
  c11,        // happens-before tracked; loads read what the C++ model allows
};

class atomic_memory {
 public:
  explicit atomic_memory(happens_before& clocks) : clocks_(clocks) {}

  // Forgets every history: a new execution in `mode`, keeping at most `bound` stores per atomic.
  void reset(memory_mode mode, std::size_t bound);

  // A load of `location` by `t`: how many stores it may read (at least 1), newest first.
  // `current` holds the atomic's `size` bytes now, the newest store's value.
  std::size_t readable(thread_index t, std::uint32_t location, std::memory_order order, const void* current,
                       std::size_t size, std::source_location where);
  // Then: the load reads the `choice`-th newest of them (choice < readable()), copying its
  // value into `out` (`size` bytes). Returns the store read.
  const store_record& read(thread_index t, std::uint32_t location, std::memory_order order, std::size_t choice,
                           void* out);

  // A store to `location` by `t`: how many places in modification order it may take, at
  // least 1, the newest first.
  std::size_t placements(thread_index t, std::uint32_t location, std::memory_order order, const void* current,
                         std::size_t size);
  // Then: stores `value` at the `choice`-th newest place; `event` numbers the store's event
  // in the trace. Returns whether it is the newest store now (the atomic must then hold
  // `value`).
  bool write(thread_index t, std::uint32_t location, std::memory_order order, std::size_t choice,
             const void* value, std::source_location where, std::uint64_t event);

  // A read-modify-write of `location` by `t`: reads the newest store (`current`) and puts
  // `value` right after it.
  void read_modify_write(thread_index t, std::uint32_t location, std::memory_order order, const void* current,
                         const void* value, std::size_t size, std::source_location where, std::uint64_t event);
  // A load that reads the newest store: a failed compare-exchange, a wait that saw a change.
  void read_newest(thread_index t, std::uint32_t location, std::memory_order order, const void* current,
                   std::size_t size);

  void fence(thread_index t, std::memory_order order);

  // The stores `location` keeps now, in modification order (for reports).
  const store_history* history(std::uint32_t location) const noexcept {
    return location < used_ ? &histories_[location] : nullptr;
  }

 private:
  // A line of a thread whose last load of `location` read a stale value.
  struct stale_site {
    std::uint32_t location;
    const char* file;
    std::uint_least32_t line;
    std::uint_least32_t column;
    bool operator==(const stale_site&) const = default;
  };

  // The history of `location`, begun with the `size` bytes at `current` (a value every
  // thread has seen) if this execution has not touched it yet.
  store_history& touch(std::uint32_t location, const void* current, std::size_t size);
  // The seq_cst order index an operation of `t` with `order` is compared against: its own
  // (a new one) if seq_cst, else that of t's last seq_cst fence, 0 if none.
  std::uint64_t sc_reference(thread_index t, std::memory_order order);
  // What happens before the seq_cst fences placed before an operation of `t` with
  // `order` in the seq_cst order (all of them so far, if seq_cst; else those up to t's
  // last fence); null if none is.
  const vector_clock* fenced_before(thread_index t, std::memory_order order) const;
  // How many of `h`'s oldest stores must precede an operation of `t` with seq_cst
  // reference `sc_ref` and fenced view `fenced` (fenced_before): one past the newest store
  // it has seen or that is ordered before it (0 if none is). A load may read that store or
  // a newer one; a store goes after it.
  std::size_t floor(const store_history& h, thread_index t, std::uint64_t sc_ref, const vector_clock* fenced) const;

  happens_before& clocks_;
  memory_mode mode_ = memory_mode::untracked;
  std::size_t bound_ = 8;
  std::vector<store_history> histories_;  // by object id; past used_: kept storage
  std::size_t used_ = 0;
  std::vector<std::uint64_t> last_sc_fence_;  // by thread: index of its last one
  // The clocks of every seq_cst fence so far, joined: what happens before one of them.
  vector_clock fenced_;
  bool any_fence_ = false;
  // By thread: fenced_ just after its last seq_cst fence.
  std::vector<vector_clock> fenced_at_last_fence_;
  vector_clock at_fence_;  // scratch: a fence's clock
  std::uint64_t sc_count_ = 0;
  std::vector<std::vector<stale_site>> stale_sites_;  // by thread
  // Between readable/placements and read/write: what the first computed.
  std::size_t pending_floor_ = 0;
  stale_site pending_site_{};
  std::uint64_t pending_sc_ = 0;
  std::vector<std::size_t> places_;  // a store's possible positions, newest first
};

}  // namespace weft::detail

// Simulated state every weft::shared<T> carries besides its value: who last wrote it and
// who read it since, to check each access against happens-before.
#pragma once

#include <cstdint>
#include <source_location>
#include <vector>

#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

class execution;

class shared_core {
 public:
  // Making the cell is its first write, by the running thread at `declared` (the line it
  // is made at): an access by another thread that the construction does not happen before
  // is a data race (an object published through a relaxed pointer). Outside an execution
  // (born_in 0) it costs a comparison, and inside one no registration: the execution
  // meets the cell at its first access, as it meets every other one.
  explicit shared_core(std::source_location declared) noexcept : object_(object_kind::shared_cell, declared) {
    if (object_.born_in() != 0) constructed(declared);
  }
  shared_core(const shared_core&) = delete;
  shared_core& operator=(const shared_core&) = delete;

  // Checks a read (write) by the running thread against the accesses before it: one
  // that conflicts and does not happen before it is a data race, which fails the
  // execution. Not a scheduling point. Outside an execution: nothing to check.
  void read(std::source_location where);
  void write(std::source_location where);

  struct access {
    thread_index thread = no_thread;
    std::uint32_t tick = 0;  // the thread's own clock entry at the access
    std::source_location where{};
  };

 private:
  // Records the construction as last_write_, when the running execution tracks memory (an
  // untracked run has no clocks to record, and runs again tracked at the first access).
  void constructed(std::source_location where) noexcept;
  // The running execution if it checks this access (`what` at `where`), else nullptr;
  // either way the access is in the execution's trace.
  execution* enter(op what, std::source_location where);
  // Whether every earlier access that conflicts with the running thread's (a write if
  // `writes`) happens before it, which is then recorded; if not, fails the execution with
  // a data race naming both (may throw execution_aborted).
  bool ordered_after(execution& ex, bool writes, std::source_location where);

  sim_object object_;
  access last_write_;
  std::vector<access> reads_since_write_;  // the latest read of each thread since then
};

}  // namespace detail
WEFT_END_NAMESPACE

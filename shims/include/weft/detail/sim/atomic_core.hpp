// Simulated state every weft::atomic and weft::atomic_flag carries besides its value.
#pragma once

#include <atomic>
#include <cstddef>
#include <source_location>

#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

class atomic_core {
 public:
  explicit atomic_core(std::source_location declared) noexcept
      : object_(object_kind::atomic, declared) {}
  ~atomic_core();
  atomic_core(const atomic_core&) = delete;
  atomic_core& operator=(const atomic_core&) = delete;

  // The scheduling point before an operation on the value. May throw execution_aborted.
  void before(op what, std::source_location where);
  // The operation done right after before() returned, with the order the caller gave:
  // its happens-before edges (memory/happens_before.hpp). Nothing outside an execution.
  void loaded(std::memory_order order) const;
  void stored(std::memory_order order) const;
  void modified(std::memory_order order) const;

  // atomic::wait: blocks while the `size` bytes at `value` equal those at `old`. Every
  // wakeup re-compares, so spurious wakeups (a strategy choice) are harmless.
  void wait(const void* value, const void* old, std::size_t size, std::source_location where);
  void notify_one(std::source_location where);
  void notify_all(std::source_location where);

 private:
  sim_object object_;
  wait_queue waiters_;
};

}  // namespace detail
WEFT_END_NAMESPACE

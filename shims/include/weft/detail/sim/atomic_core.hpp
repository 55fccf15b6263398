// Simulated state every weft::atomic and weft::atomic_flag carries besides its value.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <source_location>
#include <string>
#include <type_traits>

#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// How a report shows an atomic's value: the bytes of a T as text, empty for a type it
// cannot show (a struct).
using value_printer = std::string (*)(const void* bytes);

template <class T>
std::string value_text(const void* bytes) {
  if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T> || std::is_pointer_v<T>) {
    T value;
    std::memcpy(&value, bytes, sizeof(T));
    if constexpr (std::is_same_v<T, bool>) {
      return value ? "true" : "false";
    } else if constexpr (std::is_enum_v<T>) {
      return std::to_string(static_cast<std::underlying_type_t<T>>(value));
    } else if constexpr (std::is_pointer_v<T>) {
      char text[32];
      std::snprintf(text, sizeof text, "%p", static_cast<const void*>(value));
      return text;
    } else {
      return std::to_string(value);
    }
  } else {
    return {};
  }
}

// [atomics.order]: a load (and a compare-exchange's failure, and a wait) may not be
// release or acq_rel, a store not consume, acquire or acq_rel. Another order is undefined
// behaviour (g++ warns of it on std::atomic, -Winvalid-memory-model): a misuse that names
// the operation and the order. May throw execution_aborted.
[[gnu::cold, gnu::noinline]] void disallowed_order(const char* operation, std::memory_order order,
                                                   std::source_location where);
inline void check_load_order(const char* operation, std::memory_order order, std::source_location where) {
  if (order == std::memory_order_release || order == std::memory_order_acq_rel) [[unlikely]] {
    disallowed_order(operation, order, where);
  }
}
inline void check_store_order(const char* operation, std::memory_order order, std::source_location where) {
  if (order == std::memory_order_consume || order == std::memory_order_acquire ||
      order == std::memory_order_acq_rel) [[unlikely]] {
    disallowed_order(operation, order, where);
  }
}

// The failure order of a compare-exchange given a single order, as std derives it: no
// release part.
constexpr std::memory_order failure_order(std::memory_order order) noexcept {
  return order == std::memory_order_acq_rel   ? std::memory_order_acquire
         : order == std::memory_order_release ? std::memory_order_relaxed
                                              : order;
}

class atomic_core {
 public:
  explicit atomic_core(std::source_location declared) noexcept
      : object_(object_kind::atomic, declared) {}
  ~atomic_core();
  atomic_core(const atomic_core&) = delete;
  atomic_core& operator=(const atomic_core&) = delete;

  // The scheduling point before an operation on the value. May throw execution_aborted.
  // Returns whether the running execution tracks memory now (see must_report).
  bool before(op what, std::source_location where);
  // Whether the operation after a before() that returned `tracked` must be reported to
  // load, store, modify or load_newest: always while tracked; untracked, only an order
  // weaker than seq_cst, which makes the next runs tracked. Skipping the call otherwise
  // saves a call per operation in the usual run, untracked and seq_cst.
  static bool must_report(bool tracked, std::memory_order order) noexcept {
    return tracked || order != std::memory_order_seq_cst;
  }
  // The operation done right after before() returned, with the order the caller gave
  // (memory/atomic_memory.hpp). Outside a tracked execution they change nothing.
  //
  // A load: `value` holds the atomic's `size` bytes (the newest store's); the memory model
  // may replace them with those of an older store the load may read, which the trace
  // then explains with `print`.
  void load(void* value, std::size_t size, std::memory_order order, std::source_location where,
            value_printer print) const;
  // A store of the bytes at `desired` to an atomic holding those at `current`. Returns
  // whether the atomic must hold `desired` now: false when the memory model placed the
  // store before a newer one in modification order.
  bool store(const void* current, const void* desired, std::size_t size, std::memory_order order,
             std::source_location where) const;
  // A store placed last in modification order, with no other place to choose: that of an
  // atomic whose values the memory model keeps no bytes of (atomic<shared_ptr<T>>).
  void store_last(std::memory_order order, std::source_location where) const;
  // A read-modify-write from `current` (the newest store) to `desired`.
  void modify(const void* current, const void* desired, std::size_t size, std::memory_order order,
              std::source_location where) const;
  // Asked by a compare_exchange_weak that found the expected value, right after before():
  // whether it fails anyway, as the standard allows (a store-conditional that loses its
  // reservation on ARM or POWER). A strategy's choice under memory_model::c11, never under
  // sc; listed in the report with the injections. The caller then treats it as a failed
  // compare: load_newest, `expected` left as it is.
  bool fails_spuriously(std::source_location where);
  // A load that reads the newest store, `current`: a failed compare-exchange, or any load
  // of an atomic whose values the memory model keeps no bytes of (size 0).
  void load_newest(const void* current, std::size_t size, std::memory_order order) const;

  // atomic::wait: blocks while the `size` bytes at `value` equal those at `old`. Every
  // wakeup re-compares, so spurious wakeups (a strategy choice) are harmless. Returns
  // after a load with `order` that read another value.
  void wait(const void* value, const void* old, std::size_t size, std::memory_order order,
            std::source_location where);
  // The same wait on an atomic whose values the memory model keeps no bytes of, and which
  // bytes do not compare (atomic<shared_ptr<T>>): blocks while `unchanged(subject)`.
  void wait(bool (*unchanged)(const void* subject) noexcept, const void* subject, std::memory_order order,
            std::source_location where);
  void notify_one(std::source_location where);
  void notify_all(std::source_location where);

  // Whether the `size` bytes at `value` are those of the newest store the running
  // execution's memory model keeps for this atomic (true if it keeps none).
  bool holds_newest(const void* value, std::size_t size) const noexcept;

 private:
  // Both waits: blocks while `unchanged(subject)`; a change ends it with a load of the
  // `size` bytes at `value` (none for size 0), the newest store's.
  void wait_while(bool (*unchanged)(const void* subject) noexcept, const void* subject, const void* value,
                  std::size_t size, std::memory_order order, std::source_location where);

  sim_object object_;
  wait_queue waiters_;
};

}  // namespace detail
WEFT_END_NAMESPACE

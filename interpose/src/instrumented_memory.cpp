// Plain memory accesses of code compiled with -fsanitize=thread (and linked without
// libtsan): the compiler calls __tsan_readN / __tsan_writeN before each load and store
// it cannot prove thread-local, and a few more entry points this file defines.
//
// Inside an execution an access to memory other than the running thread's own stack, made
// while the thread holds no lock exclusively, is a scheduling point (a load or store of
// that address): a bug between two plain stores (another thread running in between) is
// then found like one between two atomic ones. Accesses under an exclusive lock are not:
// another thread can only see the difference through a racy access of its own, which is a
// point; this keeps critical sections (most plain accesses) from multiplying the
// interleavings. Under a shared lock they are: the other readers hold it too, and their
// accesses under it race with these (a lost update of readers that write).
// WEFT_PLAIN_ACCESSES=all makes every access a point, =off none; weft::options rejects
// another value before exploring (an option_error), and an access made under options
// that never read the environment reports it as a misuse. Every access off the own stack,
// a point or not, is checked for data races (plain_races.hpp) unless WEFT_PLAIN_RACES=0;
// so is one on the own stack to bytes another thread has touched.
// The call site is the instrumented function's own return address (no unwinding:
// accesses are many). Outside an execution they cost a check.
#include <pthread.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <weft/detail/sim/runtime.hpp>

#include "api/environment.hpp"
#include "execution/execution.hpp"
#include "intercepted_call.hpp"
#include "plain_races.hpp"
#include "report/naming.hpp"
#include "sync/twins_by_address.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

// The running OS thread's stack, learned at its first access. Each simulated thread has
// an OS thread of its own until the execution ends, so no stack changes hands within one.
struct stack_bounds {
  std::uintptr_t low = 0;
  std::uintptr_t high = 0;
  bool known = false;
};
thread_local stack_bounds own_stack;

bool on_own_stack(std::uintptr_t at) noexcept {
  if (!own_stack.known) {
    own_stack.known = true;
    pthread_attr_t attributes;
    if (pthread_getattr_np(pthread_self(), &attributes) == 0) {
      void* low = nullptr;
      std::size_t size = 0;
      if (pthread_attr_getstack(&attributes, &low, &size) == 0) {
        own_stack.low = reinterpret_cast<std::uintptr_t>(low);
        own_stack.high = own_stack.low + size;
      }
      pthread_attr_destroy(&attributes);
    }
  }
  return at >= own_stack.low && at < own_stack.high;
}

// WEFT_PLAIN_ACCESSES's setting (unset: unlocked), or nothing for a value that names none.
std::optional<plain_accesses> setting() noexcept {
  static const std::optional<plain_accesses> chosen = [] {
    const char* text = std::getenv("WEFT_PLAIN_ACCESSES");
    return text == nullptr ? plain_accesses::unlocked : plain_accesses_named(text);
  }();
  return chosen;
}

// What an address is to reports: one simulated object per address touched.
twins_by_address<sim_object> locations;

sim_object& location_of(const volatile void* address, std::source_location where) {
  return locations.get(const_cast<const void*>(address),
                       [&] { return std::make_unique<sim_object>(object_kind::shared_cell, where); });
}

// Checks the running thread's access (check_plain_access) and fails the execution with
// the race it makes, if any (throws execution_aborted then). The location is registered
// with the execution only for the report: an access that is no scheduling point (under
// a lock, on the own stack) leaves the execution's objects as they were.
void check(execution& ex, const volatile void* address, std::size_t size, op what, std::source_location where) {
  if (ex.stopping() || ex.evaluating_invariants()) return;
  if (!ex.tracked()) {
    ex.needs_tracking();
    return;
  }
  const bool writes = what == op::store;
  const std::optional<racing_access> race =
      check_plain_access(ex, reinterpret_cast<std::uintptr_t>(address), size, writes, where);
  if (!race) return;
  resolve_call_sites();  // the message names both lines, as a replay's will
  sim_object& location = location_of(address, where);
  if (location.enter_execution(where) != sim_object::touch::broken) {
    ex.fail(failure_kind::data_race,
            race_message(object_label(location.kind(), location.id()), ex.running(), writes, where, *race), where);
  }
  ex.abort_if_stopping();
}

void access(const volatile void* address, std::size_t size, op what, const void* return_address) {
  if (!intercepting() || size == 0) return;
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  const bool own = on_own_stack(at);
  execution& ex = *execution::current();
  const bool races = plain_races_checked(ex, return_address);
  if (own) {
    // Not a scheduling point, and checked only once another thread has touched these
    // bytes (through a pointer): most of a stack never is.
    if (races && plain_accesses_known(ex.generation(), at, size)) {
      check(ex, address, size, what, fast_call_site(return_address));
    }
    return;
  }
  const std::optional<plain_accesses> mode = setting();
  const bool point =
      mode == plain_accesses::all || (mode == plain_accesses::unlocked && !ex.running_holds_exclusive_lock());
  if (mode && !point && !races) return;
  const std::source_location where = fast_call_site(return_address);
  if (!mode) {
    misuse("WEFT_PLAIN_ACCESSES is set to something other than unlocked (the default), all or off", where);
    return;
  }
  if (point && !visible_op(what, &location_of(address, where), where)) return;
  if (races) check(ex, address, size, what, where);
}

}  // namespace

}  // namespace weft::detail::interpose

using namespace weft::detail;
using namespace weft::detail::interpose;

#define WEFT_TSAN_ACCESSES(N)                                                                               \
  extern "C" void __tsan_read##N(void* a) { access(a, N, op::load, __builtin_return_address(0)); }           \
  extern "C" void __tsan_write##N(void* a) { access(a, N, op::store, __builtin_return_address(0)); }         \
  extern "C" void __tsan_unaligned_read##N(void* a) { access(a, N, op::load, __builtin_return_address(0)); } \
  extern "C" void __tsan_unaligned_write##N(void* a) { access(a, N, op::store, __builtin_return_address(0)); }

WEFT_TSAN_ACCESSES(1)
WEFT_TSAN_ACCESSES(2)
WEFT_TSAN_ACCESSES(4)
WEFT_TSAN_ACCESSES(8)
WEFT_TSAN_ACCESSES(16)

extern "C" {

void __tsan_read_range(void* a, unsigned long size) { access(a, size, op::load, __builtin_return_address(0)); }
void __tsan_write_range(void* a, unsigned long size) { access(a, size, op::store, __builtin_return_address(0)); }
// What clang calls for memcpy, memmove and memset, and for a copy of a whole object: a
// read of the source and a write of the destination, as a copy g++ makes itself is (its
// __tsan_read_range and __tsan_write_range). g++ calls the C library's memcpy instead,
// which weft does not see (weft's own code calls it too, on the same threads).
void* __tsan_memcpy(void* to, const void* from, std::size_t size) {
  access(from, size, op::load, __builtin_return_address(0));
  access(to, size, op::store, __builtin_return_address(0));
  return std::memcpy(to, from, size);
}
void* __tsan_memmove(void* to, const void* from, std::size_t size) {
  access(from, size, op::load, __builtin_return_address(0));
  access(to, size, op::store, __builtin_return_address(0));
  return std::memmove(to, from, size);
}
void* __tsan_memset(void* to, int value, std::size_t size) {
  access(to, size, op::store, __builtin_return_address(0));
  return std::memset(to, value, size);
}
// What weft has no use for: the runtime's start, function entries and exits, and the
// virtual-table pointer checks (a vptr is written by one thread, its constructor's).
void __tsan_init() {}
void __tsan_func_entry(void*) {}
void __tsan_func_exit() {}
void __tsan_vptr_update(void**, void*) {}
void __tsan_vptr_read(void**) {}

}  // extern "C"

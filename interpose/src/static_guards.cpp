// __cxa_guard_acquire and __cxa_guard_release, the C++ library's calls around the first
// initialization of a function-local static. The library orders the initialization before
// every later use with its own atomics (and futexes, which weft simulates: a thread that
// finds another initializing waits in the simulation), outside the code weft sees, so
// without this every use of a static by a thread other than its initializer is a data
// race to the checks of plain accesses. Inside an execution, the release gives the
// initializer's past to the guard, and a thread that finds the static initialized in
// __cxa_guard_acquire takes it. Instrumented code tests the guard inline first, with an
// atomic load, but weft never saw the library's store to it: the load reads the value the
// guard had when the execution first met it, so a static initialized in the execution
// always goes on to __cxa_guard_acquire. Neither is a scheduling point: weft's own
// statics, met once per process, would make the first execution differ from its replay.
#include <cxxabi.h>

#include <atomic>

#include "intercepted_call.hpp"
#include "memory/vector_clock.hpp"
#include "os_thread/real_calls.hpp"
#include "sync/ordering.hpp"
#include "sync/twins_by_address.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

// What each guard released in the running execution gave: a clock of its own, not a
// simulated object (an object registered only where weft's own static is initialized,
// in the first execution alone, would renumber the objects of its replay).
twins_by_address<vector_clock> released;

void release_guard(const void* guard) {
  give_to(released.get(guard, [] { return std::make_unique<vector_clock>(); }));
}

void take_guard(const void* guard) {
  if (const vector_clock* given = released.find(guard)) take_from(*given);
}

using acquire_function = int(__cxxabiv1::__guard*);
using release_function = void(__cxxabiv1::__guard*);
// Kept without a function-local static, whose guard is what these functions are.
std::atomic<acquire_function*> next_acquire{nullptr};
std::atomic<release_function*> next_release{nullptr};

}  // namespace

}  // namespace weft::detail::interpose

using namespace weft::detail;
using namespace weft::detail::interpose;

extern "C" int __cxa_guard_acquire(__cxxabiv1::__guard* guard) {
  const int initialize = real::next_symbol_kept(next_acquire, "__cxa_guard_acquire")(guard);
  if (initialize == 0 && intercepting()) take_guard(guard);
  return initialize;
}

extern "C" void __cxa_guard_release(__cxxabiv1::__guard* guard) noexcept {
  if (intercepting()) release_guard(guard);
  real::next_symbol_kept(next_release, "__cxa_guard_release")(guard);
}

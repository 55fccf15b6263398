// Printing the replay token of the execution that crashed.
//
// While a guard lives, SIGSEGV, SIGABRT (assert), SIGBUS, SIGFPE and SIGILL in the
// running execution print its replay token to stderr (from a static buffer: nothing in
// the handler allocates), then the previous handler runs as if weft had not been there.
// The handlers run on their own stack, so a simulated thread's stack overflow is caught,
// and a fault in a stack's guard region is reported as that thread's stack overflow, as
// is the abort of a fiber whose stack's red zone was found touched (fiber/stack_pool.hpp).
// A sanitizer that ends the process after its report (ASan, UBSan without recovery)
// prints the token too, from its death callback; the guard replaces any other callback.
#pragma once

#include <string>

namespace weft::inline sim_v1::detail {

class crash_guard {
 public:
  crash_guard();
  ~crash_guard();
  crash_guard(const crash_guard&) = delete;
  crash_guard& operator=(const crash_guard&) = delete;

  // A failure found before any later execution crashes (while minimizing or replaying
  // it): said with the crash, so that it is never lost. Kept until the outermost guard
  // ends (truncated past 64 KiB).
  void found(const std::string& summary) noexcept;
};

}  // namespace weft::inline sim_v1::detail

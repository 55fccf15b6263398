// Switching between simulated threads (and the host, the OS thread's own stack).
//
// A switch is one Boost.Context jump plus two things Boost does not do for us:
//  - AddressSanitizer must be told about every stack switch (start/finish_switch_fiber),
//    or it reports false stack-buffer errors after one;
//  - the C++ runtime keeps its exception-handling state (the stack of caught exceptions,
//    std::uncaught_exceptions()) per OS thread; fibers share the OS thread, so each fiber
//    saves and restores it, or a catch block suspended in one fiber would be corrupted by
//    another that throws.
#pragma once

#include <cstddef>

#include <boost/context/fiber.hpp>

namespace weft::inline sim_v1::detail {

struct eh_state {
  void* caught_exceptions = nullptr;
  unsigned int uncaught_exceptions = 0;
};

struct fiber_context {
  boost::context::fiber fiber;  // the suspended continuation; empty while running
  void* stack_bottom = nullptr;  // for ASan; learned on the first switch for the host
  std::size_t stack_size = 0;
  void* asan_fake_stack = nullptr;
  eh_state eh;
};

class context_switcher {
 public:
  // Suspends `from`, which must be the running context, and resumes `to`. Returns when
  // another context transfers back to `from`.
  void transfer(fiber_context& from, fiber_context& to);
  // First call on a newly started fiber, with the continuation Boost passed its entry.
  void arrived(boost::context::fiber&& caller);
  // Last call on a finishing fiber; its entry function returns the result to Boost,
  // which then resumes `to` and frees the finished fiber's stack.
  boost::context::fiber depart(fiber_context& to);

 private:
  void landed(boost::context::fiber&& caller, void* fake_stack);
  fiber_context* from_ = nullptr;
};

}  // namespace weft::detail

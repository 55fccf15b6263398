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
#include <memory>
#include <utility>

#include <boost/context/fiber.hpp>

namespace weft::inline sim_v1::detail {

struct eh_state {
  void* caught_exceptions = nullptr;
  unsigned int uncaught_exceptions = 0;
};

struct fiber_context {
  boost::context::fiber fiber;  // the suspended continuation; empty while running
  void* stack_bottom = nullptr;  // for ASan; the host's is learned when it makes a fiber
  std::size_t stack_size = 0;
  // Its stack has a red zone below it instead of a guard region (stack_pool.hpp): the
  // backend checks it for an overflow each time the fiber switches away or finishes.
  bool red_zone = false;
  void* asan_fake_stack = nullptr;  // while suspended
  // Where its stack keeps an ASan fake stack between fibers (stack_pool), or nullptr.
  void** fake_stack_keeper = nullptr;
  eh_state eh;
};

class context_switcher {
 public:
  // Made on, and used only on, the OS thread whose fibers it switches.
  context_switcher() noexcept;

  // A fiber that will run `entry` on a stack from `stacks` (a Boost.Context
  // StackAllocator), made by the running context `creator`. Boost jumps to the new stack
  // and straight back to set it up; ASan is told, or it would take the new fiber's first
  // frame for one of the creator's (and free it with the creator's fake stack).
  // Throws what `stacks` throws.
  template <class Stacks, class Entry>
  boost::context::fiber make(fiber_context& creator, Stacks stacks, Entry&& entry) {
    const making_window window(creator);
    return boost::context::fiber(std::allocator_arg, std::move(stacks), std::forward<Entry>(entry));
  }
  // Suspends `from`, which must be the running context, and resumes `to`. Returns when
  // another context transfers back to `from`.
  void transfer(fiber_context& from, fiber_context& to);
  // First call on the newly started fiber `self`, with the continuation Boost passed its
  // entry.
  void arrived(fiber_context& self, boost::context::fiber&& caller);
  // Last call on the finishing fiber `self`; its entry function returns the result to
  // Boost, which then resumes `to` and frees the finished fiber's stack. Leaves the
  // fiber's ASan fake stack to its stack's keeper, or frees it if there is none: the
  // caller's frame must be one the fiber entered before arrived() (ASan allocates no fake
  // frames until then), and no frame entered since may still return.
  boost::context::fiber depart(fiber_context& self, fiber_context& to);

 private:
  // While alive, ASan sees the running stack in a switch to itself: it makes no fake
  // frames, and takes the jump to a new stack and back for part of that switch.
  class making_window {
   public:
    explicit making_window(fiber_context& creator) noexcept;
    ~making_window();
    making_window(const making_window&) = delete;
    making_window& operator=(const making_window&) = delete;

   private:
    void* fake_stack_ = nullptr;
  };

  void landed(boost::context::fiber&& caller, void* fake_stack);
  fiber_context* from_ = nullptr;
  // This OS thread's exception-handling state (__cxa_get_globals(), the same address for
  // the thread's whole life): looking it up costs a call into the runtime and its TLS.
  void* eh_globals_;
};

}  // namespace weft::detail

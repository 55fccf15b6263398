// Switching between simulated threads (and the host, the OS thread's own stack).
//
// A switch is one switch_stacks (fiber/stack_switch.hpp; without boost::context::fiber's
// continuation objects, whose moves at each switch cost as much as the jump) plus two
// things the jump does not do:
//  - AddressSanitizer must be told about every stack switch (start/finish_switch_fiber),
//    or it reports false stack-buffer errors after one;
//  - the C++ runtime keeps its exception-handling state (the stack of caught exceptions,
//    std::uncaught_exceptions()) per OS thread; fibers share the OS thread, so each fiber
//    saves and restores it, or a catch block suspended in one fiber would be corrupted by
//    another that throws.
#pragma once

#include <cstddef>
#include <cstring>
#include <utility>

#include "fiber/sanitizers.hpp"
#include "fiber/stack_switch.hpp"

namespace weft::inline sim_v1::detail {

struct eh_state {
  void* caught_exceptions = nullptr;
  unsigned int uncaught_exceptions = 0;
};

struct fiber_context {
  // Where it resumes (switch_stacks); null while it runs (and for the host before its
  // first switch).
  void* suspended = nullptr;
  // What a made fiber runs when first resumed: start(start_argument), which never returns
  // (it leaves through context_switcher::depart).
  void (*start)(void* argument) noexcept = nullptr;
  void* start_argument = nullptr;
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

  // Makes `fiber` (whose start, start_argument, stack bounds and fake_stack_keeper the
  // caller set) ready to run on the stack whose top is `stack_top`: the first transfer to
  // it calls fiber.start(fiber.start_argument) there. `creator` is the running context,
  // whose stack bounds ASan will need when a fiber switches back to it.
  void make(fiber_context& fiber, fiber_context& creator, void* stack_top) noexcept;
  // Suspends `from`, which must be the running context, and resumes `to`. Returns when
  // another context transfers back to `from`. Inline: it is most of a switch.
  void transfer(fiber_context& from, fiber_context& to) {
    save_eh(from.eh);
    load_eh(to.eh);
    if (tell_asan_) [[unlikely]] sanitizers::start_switch(&from.asan_fake_stack, to.stack_bottom, to.stack_size);
    to_ = &to;
    switch_stacks(&from.suspended, std::exchange(to.suspended, nullptr));
    if (tell_asan_) [[unlikely]] sanitizers::finish_switch(from.asan_fake_stack);
  }
  // Last call on the fiber `self`, which ends for good: resumes `to` and never returns,
  // so no frame on self's stack may need destroying. Its stack may then be reused. Leaves
  // the fiber's ASan fake stack to its stack's keeper (or frees it if there is none): the
  // caller's frame must be the fiber's start function, and nothing it entered since may
  // still return.
  [[noreturn]] void depart(fiber_context& self, fiber_context& to);

 private:
  // Where a made fiber begins (`switcher` is this): calls the fiber's start.
  static void enter(void* switcher) noexcept;
  // This OS thread's exception-handling state, saved into and loaded from a context.
  void save_eh(eh_state& into) const noexcept;
  void load_eh(const eh_state& from) const noexcept;

  fiber_context* to_ = nullptr;  // the context switched to, for enter()
  // This OS thread's exception-handling state (__cxa_get_globals(), the same address for
  // the thread's whole life): looking it up costs a call into the runtime and its TLS.
  void* eh_globals_;
  const bool tell_asan_;  // sanitizers::tracks_stack_switches()
};

#if defined(__GLIBCXX__) && !defined(__ARM_EABI_UNWINDER__)
// libstdc++'s __cxa_eh_globals is {caughtExceptions, uncaughtExceptions} on every
// target but ARM EABI, which adds a third field this code does not know about.
inline void context_switcher::save_eh(eh_state& into) const noexcept {
  std::memcpy(static_cast<void*>(&into), eh_globals_, sizeof(eh_state));
}
inline void context_switcher::load_eh(const eh_state& from) const noexcept {
  std::memcpy(eh_globals_, static_cast<const void*>(&from), sizeof(eh_state));
}
#else
inline void context_switcher::save_eh(eh_state&) const noexcept {}
inline void context_switcher::load_eh(const eh_state&) const noexcept {}
#endif

}  // namespace weft::detail

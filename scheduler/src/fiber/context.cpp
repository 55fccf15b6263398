#include "fiber/context.hpp"

#include <cxxabi.h>

#include <utility>

namespace weft::inline sim_v1::detail {

namespace {

#if defined(__GLIBCXX__) && !defined(__ARM_EABI_UNWINDER__)
void* eh_globals() noexcept { return abi::__cxa_get_globals(); }
#else
void* eh_globals() noexcept { return nullptr; }
#endif

}  // namespace

context_switcher::context_switcher() noexcept
    : eh_globals_(eh_globals()), tell_asan_(sanitizers::tracks_stack_switches()) {}

void context_switcher::make(fiber_context& fiber, fiber_context& creator, void* stack_top) noexcept {
  if (creator.stack_bottom == nullptr) sanitizers::running_stack(&creator.stack_bottom, &creator.stack_size);
  fiber.suspended = prepare_stack(stack_top, fiber.stack_size, &context_switcher::enter, this);
}

void context_switcher::enter(void* switcher) noexcept {
  const auto& self = *static_cast<const context_switcher*>(switcher);
  fiber_context& me = *self.to_;
  void* fake_stack = me.fake_stack_keeper != nullptr ? std::exchange(*me.fake_stack_keeper, nullptr) : nullptr;
  if (self.tell_asan_) sanitizers::finish_switch(fake_stack);
  me.start(me.start_argument);
}

// Not instrumented: a fake frame of its own could be freed with the fake stack it lives in.
[[gnu::no_sanitize_address]] void context_switcher::depart(fiber_context& self, fiber_context& to) {
  load_eh(to.eh);
  sanitizers::start_switch(self.fake_stack_keeper, to.stack_bottom, to.stack_size);
  to_ = &to;
  void* never_resumed = nullptr;
  switch_stacks(&never_resumed, std::exchange(to.suspended, nullptr));
  __builtin_unreachable();  // nothing resumes a departed fiber
}

}  // namespace weft::detail

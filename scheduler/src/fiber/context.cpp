#include "fiber/context.hpp"

#include <cxxabi.h>

#include <cstring>
#include <utility>

#include "fiber/sanitizers.hpp"

namespace weft::inline sim_v1::detail {

namespace {

// libstdc++'s __cxa_eh_globals is {caughtExceptions, uncaughtExceptions} on every
// target but ARM EABI, which adds a third field this code does not know about.
#if defined(__GLIBCXX__) && !defined(__ARM_EABI_UNWINDER__)
void* eh_globals() noexcept { return abi::__cxa_get_globals(); }
void save_eh(eh_state& into, const void* globals) noexcept {
  std::memcpy(static_cast<void*>(&into), globals, sizeof(eh_state));
}
void load_eh(const eh_state& from, void* globals) noexcept {
  std::memcpy(globals, static_cast<const void*>(&from), sizeof(eh_state));
}
#else
void* eh_globals() noexcept { return nullptr; }
void save_eh(eh_state&, const void*) noexcept {}
void load_eh(const eh_state&, void*) noexcept {}
#endif

}  // namespace

context_switcher::context_switcher() noexcept : eh_globals_(eh_globals()) {}

context_switcher::making_window::making_window(fiber_context& creator) noexcept {
  if (creator.stack_bottom == nullptr) sanitizers::running_stack(&creator.stack_bottom, &creator.stack_size);
  sanitizers::start_switch(&fake_stack_, creator.stack_bottom, creator.stack_size);
}

context_switcher::making_window::~making_window() { sanitizers::finish_switch(fake_stack_); }

void context_switcher::transfer(fiber_context& from, fiber_context& to) {
  save_eh(from.eh, eh_globals_);
  load_eh(to.eh, eh_globals_);
  sanitizers::start_switch(&from.asan_fake_stack, to.stack_bottom, to.stack_size);
  from_ = &from;
  boost::context::fiber caller = std::move(to.fiber).resume();
  landed(std::move(caller), from.asan_fake_stack);
}

void context_switcher::arrived(fiber_context& self, boost::context::fiber&& caller) {
  void* fake_stack = nullptr;
  if (self.fake_stack_keeper != nullptr) fake_stack = std::exchange(*self.fake_stack_keeper, nullptr);
  landed(std::move(caller), fake_stack);
}

// Not instrumented: a fake frame of its own could be freed with the fake stack it lives in.
[[gnu::no_sanitize_address]] boost::context::fiber context_switcher::depart(fiber_context& self,
                                                                            fiber_context& to) {
  load_eh(to.eh, eh_globals_);
  sanitizers::start_switch(self.fake_stack_keeper, to.stack_bottom, to.stack_size);
  from_ = nullptr;
  return std::move(to.fiber);
}

void context_switcher::landed(boost::context::fiber&& caller, void* fake_stack) {
  sanitizers::finish_switch(fake_stack);
  // The context that switched here is now suspended; keep its continuation. After a
  // depart() there is none: the finished fiber's continuation is empty and not kept.
  if (from_ != nullptr) from_->fiber = std::move(caller);
}

}  // namespace weft::detail

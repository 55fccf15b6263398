#include "fiber/fiber_backend.hpp"

#include <cstdint>
#include <utility>

#include "fiber/graveyard.hpp"

namespace weft::inline sim_v1::detail {

void fiber_backend::create(thread_index index, thread_index creator, thread_body& body) {
  while (contexts_.size() <= index) contexts_.push_back(std::make_unique<fiber_context>());
  fiber_context& made = *contexts_[index];
  made = fiber_context{};
  made.fiber = switcher_.make(context(creator), pooled_stack(stacks_),
                              [this, index, &body](boost::context::fiber&& caller) {
                                fiber_context& self = *contexts_[index];
                                switcher_.arrived(self, std::move(caller));
                                body.entered(index);
                                body.run_function(index);
                                const thread_index next = body.leave(index);
                                // Departs from this frame, not from leave's: departing may
                                // free the fiber's ASan fake stack, where leave's frame may
                                // live.
                                return switcher_.depart(self, context(next));
                              });
  const boost::context::stack_context& stack = stacks_.last_allocated();
  made.stack_bottom = static_cast<char*>(stack.sp) - stack.size;
  made.stack_size = stack.size;
  made.fake_stack_keeper = stack_pool::fake_stack_keeper(stack.sp);
}

void fiber_backend::transfer(thread_index from, thread_index to) { switcher_.transfer(context(from), context(to)); }

void fiber_backend::abandon(thread_index dead) noexcept {
  fiber_context& grave = *contexts_[dead];
  if (!grave.fiber) return;  // buried already
  stacks_.abandon(grave.stack_bottom);
  bury(grave);
}

std::size_t fiber_backend::overflowed(thread_index index, const void* address) const noexcept {
  if (index >= contexts_.size()) return 0;
  const fiber_context& stack = *contexts_[index];
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  const auto bottom = reinterpret_cast<std::uintptr_t>(stack.stack_bottom);
  return at < bottom && at >= bottom - stacks_.guard_size() ? stack.stack_size : 0;
}

}  // namespace weft::detail

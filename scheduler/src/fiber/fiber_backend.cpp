#include "fiber/fiber_backend.hpp"

#include <cstdint>
#include <cstdlib>
#include <utility>

#include "fiber/graveyard.hpp"

namespace weft::inline sim_v1::detail {

fiber_backend::~fiber_backend() {
  for (const std::unique_ptr<slot>& fiber : slots_) {
    slot& s = *fiber;
    if (!s.parked) continue;
    s.quitting = true;
    switcher_.transfer(host_, s.context);  // it departs at once
    stacks_.deallocate(s.stack);
  }
}

void fiber_backend::create(thread_index index, thread_index creator, thread_body& body) {
  if (by_index_.size() <= index) by_index_.resize(index + 1, nullptr);
  // Room for every slot there may be after this call in idle_ and unused_: run_slot and
  // abandon, which push there, must not allocate.
  if (idle_.capacity() < slots_.size() + 1) {
    idle_.reserve(2 * (slots_.size() + 1));
    unused_.reserve(2 * (slots_.size() + 1));
  }
  slot* made = nullptr;
  if (!idle_.empty()) {
    made = idle_.back();
    idle_.pop_back();
    made->parked = false;  // resumed, it runs `body`'s thread `index`
    if constexpr (frame_keeps_control_words) saved_control_words(made->context.suspended) = current_control_words();
  } else {
    if (unused_.empty()) {
      slots_.push_back(std::make_unique<slot>());
      unused_.push_back(slots_.back().get());
    }
    make_fiber(*unused_.back(), creator);
    made = unused_.back();
    unused_.pop_back();
  }
  made->index = index;
  made->body = &body;
  if constexpr (!frame_keeps_control_words) made->inherited = current_control_words();
  by_index_[index] = made;
}

void fiber_backend::make_fiber(slot& made, thread_index creator) {
  made.stack = stacks_.allocate();
  made.owner = this;
  made.context = fiber_context{};
  made.context.start = &fiber_backend::run_slot;
  made.context.start_argument = &made;
  made.context.stack_bottom = static_cast<char*>(made.stack.sp) - made.stack.size;
  made.context.stack_size = made.stack.size;
  made.context.fake_stack_keeper = stack_pool::fake_stack_keeper(made.stack.sp);
  made.context.red_zone = stacks_.last_in_block();
  switcher_.make(made.context, context(creator), made.stack.sp);
}

void fiber_backend::run_slot(void* argument) noexcept {
  slot& self = *static_cast<slot*>(argument);
  fiber_backend& backend = *self.owner;
  do {
    if constexpr (!frame_keeps_control_words) load_control_words(self.inherited);
    const thread_index index = self.index;
    thread_body& body = *self.body;
    body.entered(index);
    body.run_function(index);
    backend.check_red_zone(index);
    const thread_index next = body.leave(index);
    self.parked = true;
    backend.idle_.push_back(&self);  // room reserved by create
    backend.running_ = next;
    backend.switcher_.transfer(self.context, backend.context(next));
  } while (!self.quitting);
  backend.running_ = host;
  backend.switcher_.depart(self.context, backend.host_);
}

void fiber_backend::check_touched_red_zone(thread_index index) noexcept {
  if (!stacks_.red_zone_touched(by_index_[index]->context.stack_bottom)) return;
  overflowed_ = index;
  // A crash, not a failure the execution reports: the overflow may have written over
  // another thread's stack, which no teardown can unwind safely.
  std::abort();
}

void fiber_backend::abandon(thread_index dead) noexcept {
  slot& s = *by_index_[dead];
  fiber_context& grave = s.context;
  if (grave.suspended == nullptr) return;  // buried already
  stacks_.abandon(grave.stack_bottom);
  bury(grave);
  s.parked = false;
  unused_.push_back(&s);  // room reserved by create: it never holds more than slots_
}

std::size_t fiber_backend::overflowed(thread_index index, const void* address) const noexcept {
  if (index >= by_index_.size() || by_index_[index] == nullptr) return 0;
  const fiber_context& stack = by_index_[index]->context;
  if (stack.red_zone) {
    const bool overflowed = index == overflowed_ || (index == running_ && below_running_stack(stack, address));
    return overflowed ? stack.stack_size : 0;
  }
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  const auto bottom = reinterpret_cast<std::uintptr_t>(stack.stack_bottom);
  return at < bottom && at >= bottom - stacks_.guard_size() ? stack.stack_size : 0;
}

bool fiber_backend::below_running_stack(const fiber_context& stack, const void* address) const noexcept {
  // Only the running fiber grows its stack; what lies below it in its block is other
  // stacks and red zones (no access faults there) and the block's guard region, which an
  // overflow running down through the block reaches last.
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  const auto bottom = reinterpret_cast<std::uintptr_t>(stack.stack_bottom);
  const auto floor = reinterpret_cast<std::uintptr_t>(stacks_.block_floor(stack.stack_bottom));
  return (at < bottom && at >= floor) || stacks_.red_zone_touched(stack.stack_bottom);
}

}  // namespace weft::detail

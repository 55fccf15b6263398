// Fiber stacks, mapped once and reused across executions.
//
// Mapping a stack (and its guard region) costs microseconds; an execution of a small test
// costs about as much in total, so stacks are never unmapped while a pool lives.
//
// Below each stack lies a guard region of 64 KiB of PROT_NONE address space (no memory):
// an overflow faults there instead of writing over the stack mapped below, another
// fiber's. A frame can only jump it if it is larger than the guard and not probed as it
// grows; weft::sim compiles its users' code with -fstack-clash-protection, which probes.
// Each stack is registered with valgrind while it is mapped. Above each stack, one page
// keeps its ASan fake stack between fibers (fake_stack_keeper()).
#pragma once

#include <cstddef>
#include <vector>

#include <boost/context/stack_context.hpp>

namespace weft::inline sim_v1::detail {

class stack_pool {
 public:
  explicit stack_pool(std::size_t stack_size);
  ~stack_pool();
  stack_pool(const stack_pool&) = delete;
  stack_pool& operator=(const stack_pool&) = delete;

  // Throws std::bad_alloc when the system refuses a new mapping, std::system_error when
  // it refuses to protect its guard region.
  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& stack) noexcept;
  // The stack whose lowest usable byte is `stack_bottom` belongs to a buried fiber
  // (graveyard.hpp): the pool forgets it, so it stays mapped after the pool is gone.
  void abandon(void* stack_bottom) noexcept;

  std::size_t stack_size() const noexcept { return stack_size_; }
  // Whether its stacks are the size a pool made for `stack_size` would hand out.
  bool serves(std::size_t stack_size) const noexcept;
  // The guard region of the stack whose lowest usable byte is b: [b - guard_size(), b).
  std::size_t guard_size() const noexcept { return guard_size_; }
  // The stack handed out by the last allocate(): its bounds, for AddressSanitizer.
  const boost::context::stack_context& last_allocated() const noexcept { return last_; }
  // Where the stack whose top (stack_context::sp) is `stack_top` keeps the ASan fake stack
  // of the fiber that ran on it last (fiber/sanitizers.hpp), for the next one; nullptr
  // when there is none. ASan makes a fake stack per fiber: making and freeing one costs
  // thirty times what the rest of a short fiber's life does. The pool frees what its
  // stacks keep when it is destroyed.
  static void** fake_stack_keeper(void* stack_top) noexcept;

 private:
  std::size_t stack_size_;
  std::size_t guard_size_;
  std::size_t mapping_size_;  // guard region, stack, and the page above it
  struct mapping {
    void* base;  // the lowest address: its guard region
    unsigned valgrind_id;  // the stack as valgrind knows it (fiber/valgrind.hpp)
  };
  std::vector<void*> free_;  // the base of each mapping not in use
  std::vector<mapping> all_;
  boost::context::stack_context last_{};
};

// The StackAllocator handed to boost::context::fiber; a copy lives in each fiber.
class pooled_stack {
 public:
  explicit pooled_stack(stack_pool& pool) noexcept : pool_(&pool) {}
  boost::context::stack_context allocate() { return pool_->allocate(); }
  void deallocate(boost::context::stack_context& stack) noexcept { pool_->deallocate(stack); }

 private:
  stack_pool* pool_;
};

}  // namespace weft::detail

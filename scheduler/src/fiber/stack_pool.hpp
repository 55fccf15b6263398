// Fiber stacks, mapped once and reused across executions.
//
// Mapping a stack (and its guard region) costs microseconds; an execution of a small test
// costs about as much in total, so stacks are never unmapped while a pool lives.
//
// Below each stack lies 64 KiB that an overflow reaches first, so that it is caught
// before it writes over the stack below, another fiber's. Two kinds of stack:
//  - guarded: its own mapping, whose lowest 64 KiB are a guard region of PROT_NONE
//    address space (no memory); an overflow faults there at once. It costs the kernel
//    two memory mappings, and vm.max_map_count (65530 by default) caps a process's
//    mappings: guarded stacks alone stop at about 32,000 live threads.
//  - in a block: once guarded stacks have taken 7/8 of the mapping budget
//    (options::max_stack_mappings), stacks are carved 64 at a time out of one mapping
//    (the block, with one guard region below it all: 2 mappings per 64 stacks). The
//    64 KiB below each is a red zone of ordinary memory that nothing touches, so none of
//    it is resident; red_zone_touched() asks the kernel (mincore) whether any page of
//    it became resident, which only an overflow does. The fiber backend asks each time
//    such a stack's fiber switches away or finishes, and reports the overflow then,
//    before another fiber runs on whatever the overflow wrote past the red zone; a
//    fault below the stack, in the block, is that overflow too (overflowed()).
// A frame can only jump either region if it is larger than 64 KiB and not probed as it
// grows; weft::sim compiles its users' code with -fstack-clash-protection, which probes.
// Each stack is registered with valgrind while it is mapped. Above each stack, one page
// keeps its ASan fake stack between fibers (fake_stack_keeper()).
//
// The budget is the process's, shared by every pool: a process that keeps a pool per
// exploring OS thread still stays under vm.max_map_count.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <boost/context/stack_context.hpp>

namespace weft::inline sim_v1::detail {

class stack_pool {
 public:
  explicit stack_pool(std::size_t stack_size);
  ~stack_pool();
  stack_pool(const stack_pool&) = delete;
  stack_pool& operator=(const stack_pool&) = delete;

  // The memory mappings every pool of the process may take together, from
  // options::max_stack_mappings: 0 means half of vm.max_map_count. Applies to the
  // mappings made from now on.
  static void set_mapping_budget(std::size_t mappings) noexcept;

  // A stack, guarded while the budget allows, else from a block. Throws
  // weft::resource_error, naming the live stacks, their size, the limit hit and what to
  // change, when the budget is spent or the system refuses a mapping or its guard
  // region (nothing is kept of a mapping made before that refusal).
  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& stack) noexcept;
  // The stack whose lowest usable byte is `stack_bottom` belongs to a buried fiber
  // (graveyard.hpp): the pool forgets it, so it stays mapped after the pool is gone (its
  // whole block, if it is in one).
  void abandon(void* stack_bottom) noexcept;

  std::size_t stack_size() const noexcept { return stack_size_; }
  // Whether its stacks are the size a pool made for `stack_size` would hand out.
  bool serves(std::size_t stack_size) const noexcept;
  // The guard region or red zone of the stack whose lowest usable byte is b:
  // [b - guard_size(), b).
  std::size_t guard_size() const noexcept { return guard_size_; }
  // Whether the last allocate() handed out a stack from a block (a red zone below it, no
  // guard region).
  bool last_in_block() const noexcept { return last_in_block_; }
  // For a stack from a block, whose lowest usable byte is `stack_bottom`: whether a page
  // of its red zone is resident, which only an overflow makes it (a read maps the zero
  // page, which counts). Async-signal-safe. A red zone swapped out reads as untouched.
  bool red_zone_touched(const void* stack_bottom) const noexcept;
  // For a stack from a block: where the block's memory begins, its guard region; the
  // bytes from there up to the stack are all an overflow of that stack can reach
  // before it faults.
  const void* block_floor(const void* stack_bottom) const noexcept;
  // Where the stack whose top (stack_context::sp) is `stack_top` keeps the ASan fake stack
  // of the fiber that ran on it last (fiber/sanitizers.hpp), for the next one; nullptr
  // when there is none. ASan makes a fake stack per fiber: making and freeing one costs
  // thirty times what the rest of a short fiber's life does. The pool frees what its
  // stacks keep when it is destroyed.
  static void** fake_stack_keeper(void* stack_top) noexcept;

 private:
  // 64 stacks per block: 2 mappings buy 64 stacks, so the default budget holds far more
  // threads than memory does, and a block is at most 64 GiB of address space (stacks of
  // up to 1 GiB) of which only touched pages cost memory.
  static constexpr std::size_t stacks_per_block = 64;

  struct stack {
    char* base;  // the lowest address: its guard region or red zone
    unsigned valgrind_id;  // the stack as valgrind knows it (fiber/valgrind.hpp)
    bool in_block;
  };
  struct block {
    char* base;  // its guard region, then stacks_per_block slots of slot_size_
    bool kept;  // a stack of it was abandoned: never unmapped
  };

  char* map_guarded();
  char* carve_from_block();
  const block* block_of(const void* address) const noexcept;
  // Throws the resource_error of allocate(): `limit` says what was refused, `remedy`
  // what to change besides the thread count.
  [[noreturn]] void refuse(const std::string& limit, const std::string& remedy) const;
  std::size_t block_size() const noexcept { return guard_size_ + stacks_per_block * slot_size_; }

  std::size_t stack_size_;
  std::size_t guard_size_;
  std::size_t slot_size_;  // guard region or red zone, stack, and the page above it
  std::vector<char*> free_;  // the base of each stack not in use
  std::vector<stack> all_;
  std::vector<block> blocks_;  // by address, lowest first
  char* newest_block_ = nullptr;  // the one stacks are carved from
  std::size_t carved_ = 0;  // stacks carved from it so far, from the top down
  bool last_in_block_ = false;
};

}  // namespace weft::detail

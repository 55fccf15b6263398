// Telling valgrind which memory is a fiber's stack.
//
// Without it, memcheck takes a switch from one fiber's stack to another's for a frame of
// hundreds of KiB pushed or popped, and reports thousands of false errors on a correct
// body. The requests are valgrind's client requests (<valgrind/valgrind.h>, when weft was
// built where it is installed): a few instructions that do nothing outside valgrind.
#pragma once

namespace weft::inline sim_v1::detail::valgrind {

// Registers [begin, end) as a stack; returns the id to deregister it with (0 when weft
// was built without valgrind's header).
unsigned register_stack(const void* begin, const void* end) noexcept;
// Before the stack registered as `id` is unmapped.
void deregister_stack(unsigned id) noexcept;

}  // namespace weft::detail::valgrind

#include "fiber/valgrind.hpp"

#if defined(WEFT_HAVE_VALGRIND)
#include <valgrind/valgrind.h>
#endif

namespace weft::inline sim_v1::detail::valgrind {

#if defined(WEFT_HAVE_VALGRIND)

unsigned register_stack(const void* begin, const void* end) noexcept {
  // valgrind takes the highest byte of the stack, not the end.
  return VALGRIND_STACK_REGISTER(begin, static_cast<const char*>(end) - 1);
}

void deregister_stack(unsigned id) noexcept { VALGRIND_STACK_DEREGISTER(id); }

#else

unsigned register_stack(const void*, const void*) noexcept { return 0; }
void deregister_stack(unsigned) noexcept {}

#endif

}  // namespace weft::detail::valgrind

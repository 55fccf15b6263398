#include "fiber/graveyard.hpp"

#include <utility>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace weft::inline sim_v1::detail {

void bury(fiber_context& dead) {
  // Never destroyed, not even at exit: ~fiber would unwind the abandoned stacks.
  static auto* const graves = new std::vector<fiber_context>();
#if defined(__SANITIZE_ADDRESS__)
  if (dead.stack_bottom != nullptr) __lsan_register_root_region(dead.stack_bottom, dead.stack_size);
#endif
  graves->push_back(std::move(dead));
  dead = fiber_context{};
}

}  // namespace weft::detail

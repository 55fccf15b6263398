#include "fiber/graveyard.hpp"

#include "fiber/sanitizers.hpp"

namespace weft::inline sim_v1::detail {

void bury(fiber_context& dead) {
  if (dead.stack_bottom != nullptr) {
    sanitizers::scan_for_leaks(dead.stack_bottom, dead.stack_size, dead.asan_fake_stack);
  }
  dead = fiber_context{};
}

}  // namespace weft::detail

#include "fiber/graveyard.hpp"

#include <utility>
#include <vector>

#include "fiber/sanitizers.hpp"

namespace weft::inline sim_v1::detail {

void bury(fiber_context& dead) {
  // Never destroyed, not even at exit: ~fiber would unwind the abandoned stacks.
  static auto* const graves = new std::vector<fiber_context>();
  if (dead.stack_bottom != nullptr) {
    sanitizers::scan_for_leaks(dead.stack_bottom, dead.stack_size, dead.asan_fake_stack);
  }
  graves->push_back(std::move(dead));
  dead = fiber_context{};
}

}  // namespace weft::detail

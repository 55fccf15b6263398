#include "strategy/random_walk.hpp"

#include "strategy/random_choice.hpp"

namespace weft::inline sim_v1::detail {

std::uint64_t random_walk::next_value(decision what, std::uint64_t range, std::uint64_t) {
  return random_choice(rng_, what, range);
}

}  // namespace weft::detail

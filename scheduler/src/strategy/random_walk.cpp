#include "strategy/random_walk.hpp"

#include "strategy/random_choice.hpp"

namespace weft::inline sim_v1::detail {

std::uint64_t random_walk::next_value(const value_choice& choice) { return random_choice(rng_, choice); }

}  // namespace weft::detail

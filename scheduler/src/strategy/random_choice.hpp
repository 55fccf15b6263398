// How randomized strategies answer the choices that are not "which thread runs next".
#pragma once

#include <cstdint>

#include "strategy/prng.hpp"
#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

// A spurious wakeup is rare on real systems but one is all a missing predicate loop
// needs; one wait in sixteen keeps them frequent enough to be found and rare enough that
// correct code still makes progress.
inline constexpr std::uint64_t spurious_wakeup_odds = 16;

inline std::uint64_t random_choice(prng& rng, decision what, std::uint64_t range) noexcept {
  switch (what) {
    case decision::spurious_wakeup:
      return rng.one_in(spurious_wakeup_odds) ? 1 : 0;
    case decision::notify_target:
      break;
  }
  return rng.below(range);
}

}  // namespace weft::detail

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
// The same for a compare_exchange_weak that would succeed: a retry loop only goes round
// once more, code that takes one failure for "another thread changed it" is caught.
inline constexpr std::uint64_t spurious_failure_odds = 16;
// Asked at every scheduling point while a timed wait is pending, so the odds are low:
// a reply that takes a few dozen steps still usually beats its timeout, yet code that
// never expects a timeout is caught within a few executions.
inline constexpr std::uint64_t early_timeout_odds = 64;
// Asked at every scheduling point while a cancellation may still be injected: early
// enough in a short test to land between any two of its blocking calls.
inline constexpr std::uint64_t cancellation_odds = 16;

// FoundationDB's simulation enables each buggify site in a quarter of the runs.
inline constexpr std::uint64_t buggify_site_odds = 4;

inline std::uint64_t random_choice(prng& rng, const value_choice& choice) noexcept {
  const std::uint64_t range = choice.range;
  switch (choice.what) {
    case decision::spurious_wakeup:
      return rng.one_in(spurious_wakeup_odds) ? 1 : 0;
    case decision::spurious_failure:
      return rng.one_in(spurious_failure_odds) ? 1 : 0;
    case decision::early_timeout:
      return rng.one_in(early_timeout_odds) ? 1 + rng.below(range - 1) : 0;
    case decision::cancel:
      return rng.one_in(cancellation_odds) ? 1 + rng.below(range - 1) : 0;
    case decision::buggify_site:
      return rng.one_in(buggify_site_odds) ? 1 : 0;
    case decision::buggify:
      return static_cast<double>(rng.next() >> 11) * 0x1.0p-53 < choice.probability ? 1 : 0;
    case decision::random_seed:
    case decision::notify_target:
    case decision::reads_from:
    case decision::store_order:
      break;
  }
  return rng.below(range);
}

}  // namespace weft::detail

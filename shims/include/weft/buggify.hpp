// weft::buggify(): a fault-injection point, FoundationDB style.
//
//   if (weft::buggify()) return error::unavailable;   // "should this call fail now?"
//
// Simulated build: the strategy decides, and the token records it. Each call site is
// enabled for a quarter of the executions; an enabled site fails with the given
// probability (default 1/4) each time it is reached, at most once per execution, so a
// test still makes progress. Pass-through build: always false, at no cost.
#pragma once

#include <source_location>

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/runtime.hpp>
#endif

WEFT_BEGIN_NAMESPACE

#if WEFT_SIM
inline bool buggify(double probability, std::source_location where = std::source_location::current()) {
  return detail::buggify(probability, where);
}
inline bool buggify(std::source_location where = std::source_location::current()) {
  return detail::buggify(0.25, where);
}
#else
constexpr bool buggify(double = 0.25) noexcept { return false; }
#endif

WEFT_END_NAMESPACE

// weft::stop_source: std::stop_source, or one the simulator watches from its creation on
// under weft::sim.
//
// A request_stop() happens before every stop_requested() that sees it (C++20
// [thread.stoptoken.intro]); weft makes that edge to the threads it knows hold a token
// (README, "Cancellation"), from the moment it meets the state. A std::stop_source
// requested before any weft primitive met its state leaves weft nothing to go by (the
// thread that then waits with its token is reported racing with what the requester wrote
// before); weft::stop_source is met where it is made, and its request_stop() is a
// scheduling point, as a weft::jthread's. Tokens stay std's. WEFT_SHADOW_STD maps
// std::stop_source here.
#pragma once

#include <source_location>
#include <stop_token>

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/runtime.hpp>
#endif

WEFT_BEGIN_NAMESPACE

#if WEFT_SIM
class stop_source : public std::stop_source {
 public:
  // A new stop state, watched by the running execution (if any) from here on.
  stop_source() { detail::stop_source_made(*this); }
  explicit stop_source(std::nostopstate_t) noexcept : std::stop_source(std::nostopstate) {}
  // Shares `other`'s state (a weft::jthread's get_stop_source(), say).
  stop_source(const std::stop_source& other) noexcept : std::stop_source(other) {}

  // A scheduling point, then std's request_stop(): other threads may run up to the
  // moment of the request. Never throws.
  bool request_stop(std::source_location where = std::source_location::current()) noexcept {
    if (stop_possible()) detail::before_stop_request(where);
    return std::stop_source::request_stop();
  }
};
#else
using stop_source = std::stop_source;
#endif

WEFT_END_NAMESPACE

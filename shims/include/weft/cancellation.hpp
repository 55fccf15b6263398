// weft::cancellable(): opt a std::stop_source in to injected cancellations.
//
// Simulated build: the exploration may call request_stop() on the source at any
// scheduling point (options::max_cancellations per execution; the strategy picks where;
// the token records it), so every blocking point of the code under test is tried as a
// cancellation point. options::cancel_jthreads does the same for every weft::jthread.
// Pass-through build: does nothing.
#pragma once

#include <stop_token>

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/runtime.hpp>
#endif

WEFT_BEGIN_NAMESPACE

#if WEFT_SIM
inline void cancellable(const std::stop_source& source) noexcept { detail::cancellable(source); }
#else
inline void cancellable(const std::stop_source&) noexcept {}
#endif

WEFT_END_NAMESPACE

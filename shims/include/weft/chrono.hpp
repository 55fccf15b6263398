// weft::steady_clock, weft::system_clock: std's, or virtual time under weft::sim.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/chrono.hpp>
#else
#include <chrono>

WEFT_BEGIN_NAMESPACE
using std::chrono::steady_clock;
using std::chrono::system_clock;
WEFT_END_NAMESPACE
#endif

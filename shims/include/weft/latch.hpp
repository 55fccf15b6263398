// weft::latch: std's, or simulated under weft::sim.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/latch.hpp>
#else
#include <latch>

WEFT_BEGIN_NAMESPACE
using std::latch;
WEFT_END_NAMESPACE
#endif

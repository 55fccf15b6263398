// weft::barrier: std's, or simulated under weft::sim.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/barrier.hpp>
#else
#include <barrier>

WEFT_BEGIN_NAMESPACE
using std::barrier;
WEFT_END_NAMESPACE
#endif

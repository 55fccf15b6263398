// weft::counting_semaphore, weft::binary_semaphore: std's, or simulated under weft::sim.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/semaphore.hpp>
#else
#include <semaphore>

WEFT_BEGIN_NAMESPACE
using std::binary_semaphore;
using std::counting_semaphore;
WEFT_END_NAMESPACE
#endif

// weft::counting_semaphore, weft::binary_semaphore: std's interface plus an acquire that a
// std::stop_token can end; simulated under weft::sim.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/semaphore.hpp>
#else
#include <weft/detail/native/semaphore.hpp>
#endif

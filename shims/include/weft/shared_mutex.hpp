// weft::shared_mutex: std's, or simulated under weft::sim. std::shared_lock works.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/shared_mutex.hpp>
#else
#include <shared_mutex>

WEFT_BEGIN_NAMESPACE
using std::shared_mutex;
WEFT_END_NAMESPACE
#endif

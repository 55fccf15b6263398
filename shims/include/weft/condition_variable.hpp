// weft::condition_variable, weft::condition_variable_any: std's, or simulated under
// weft::sim, where spurious wakeups are a choice the strategy makes.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/condition_variable.hpp>
#else
#include <condition_variable>

WEFT_BEGIN_NAMESPACE
using std::condition_variable;
using std::condition_variable_any;
using std::cv_status;
WEFT_END_NAMESPACE
#endif

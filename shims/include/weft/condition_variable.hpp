// weft::condition_variable, weft::condition_variable_any, weft::notify_all_at_thread_exit:
// std's, or simulated under weft::sim, where spurious wakeups are a choice the strategy
// makes.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/condition_variable.hpp>
#include <weft/detail/sim/notify_at_thread_exit.hpp>
#else
#include <condition_variable>

WEFT_BEGIN_NAMESPACE
using std::condition_variable;
using std::condition_variable_any;
using std::cv_status;
using std::notify_all_at_thread_exit;
WEFT_END_NAMESPACE
#endif

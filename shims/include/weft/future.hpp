// weft::future, shared_future, promise, packaged_task, async (and std's launch,
// future_status, future_error, future_errc): std's, or simulated under weft::sim.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/future.hpp>
#include <weft/detail/sim/packaged_task.hpp>
#else
#include <future>

WEFT_BEGIN_NAMESPACE
using std::async;
using std::future;
using std::future_errc;
using std::future_error;
using std::future_status;
using std::launch;
using std::packaged_task;
using std::promise;
using std::shared_future;
WEFT_END_NAMESPACE
#endif

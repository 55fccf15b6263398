// Every weft shim. Include this, or only the headers of the primitives you use.
#pragma once

#include <weft/assert.hpp>
#include <weft/atomic.hpp>
#include <weft/barrier.hpp>
#include <weft/buggify.hpp>
#include <weft/cancellation.hpp>
#include <weft/channel.hpp>
#include <weft/chrono.hpp>
#include <weft/condition_variable.hpp>
#include <weft/future.hpp>
#include <weft/invariant.hpp>
#include <weft/latch.hpp>
#include <weft/mutex.hpp>
#include <weft/random.hpp>
#include <weft/semaphore.hpp>
#include <weft/shared_mutex.hpp>
#include <weft/stop_callback.hpp>
#include <weft/stop_source.hpp>
#include <weft/thread.hpp>
#include <weft/shared.hpp>
#include <weft/thread_specific.hpp>

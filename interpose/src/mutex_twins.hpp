// The simulated twins of pthread mutexes, shared with the condition variables.
#pragma once

#include <pthread.h>

#include <source_location>

#include <weft/detail/sim/mutex_core.hpp>

#include "sync/twins_by_address.hpp"

namespace weft::inline sim_v1::detail::interpose {

// The twin of `mutex` in the running execution, made at its first use there. Reports a
// null or process-shared mutex as misuse (and returns nullptr if that did not throw).
mutex_core* twin_of(pthread_mutex_t* mutex, std::source_location where);
// `mutex` is being initialized or destroyed: its twin goes.
void forget_mutex(const pthread_mutex_t* mutex);

}  // namespace weft::detail::interpose

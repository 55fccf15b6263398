// weft::thread_specific<T>: per-thread storage that works for simulated threads too.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/thread_specific.hpp>
#else
#include <weft/detail/native/thread_specific.hpp>
#endif

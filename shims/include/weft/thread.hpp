// weft::thread, weft::jthread, weft::this_thread: std's, or simulated under weft::sim.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/thread.hpp>
#else
#include <string_view>
#include <thread>

#include <weft/detail/native/stoppable_sleep.hpp>

WEFT_BEGIN_NAMESPACE
using std::jthread;
using std::thread;
namespace this_thread {
using std::this_thread::get_id;
using std::this_thread::sleep_for;
using std::this_thread::sleep_until;
using std::this_thread::yield;
// Names the calling thread in weft's reports; nothing to do in the pass-through build.
inline void set_name(std::string_view) noexcept {}
}  // namespace this_thread
WEFT_END_NAMESPACE
#endif

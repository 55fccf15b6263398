// weft::stop_callback: std::stop_callback, or one the simulator can wait for under weft::sim.
//
// Both take a std::stop_token: sources and tokens stay std's (weft::jthread hands out
// std's token). Under weft::sim a callback that reaches a scheduling point (locks a weft
// mutex, notifies) while its own thread destroys the stop_callback is waited for, as the
// standard promises; std::stop_callback would be freed under the thread running it,
// because libstdc++ tells threads apart by std::this_thread::get_id(), which all simulated
// threads share. WEFT_SHADOW_STD maps std::stop_callback here.
#pragma once

#include <stop_token>

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/stop_callback.hpp>
#else
WEFT_BEGIN_NAMESPACE

// A class, not an alias template, so that `weft::stop_callback cb(token, f);` deduces its
// argument with every compiler.
template <class Callback>
class stop_callback : public std::stop_callback<Callback> {
 public:
  using std::stop_callback<Callback>::stop_callback;
};

template <class Callback>
stop_callback(std::stop_token, Callback) -> stop_callback<Callback>;

WEFT_END_NAMESPACE
#endif

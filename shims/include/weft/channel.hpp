// weft::channel<T>: a bounded multi-producer multi-consumer channel, in both builds.
//
// There is no unbounded form: capacity >= 1, and a full channel makes senders wait
// (backpressure). send() blocks while full and throws weft::channel_closed once the
// channel is closed; recv() blocks while empty and returns an empty optional once the
// channel is closed and drained. try_/_for/_until/stop_token variants say why they did
// not complete (channel_status) and hand an unsent item back.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/channel.hpp>
#else
#include <weft/detail/native/channel.hpp>
#endif

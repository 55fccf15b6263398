// Boost.Asio on weft: an execution context whose handlers run on weft threads, and a
// timer on weft's clock, so that Asio coroutines (co_spawn, awaitable, use_awaitable,
// strands) are explored under weft::sim. Needs Boost.Asio's headers (Debian:
// libboost-dev). See weft/asio/context.hpp.
#pragma once

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <weft/asio/context.hpp>
#include <weft/asio/timer.hpp>

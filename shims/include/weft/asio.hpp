// Boost.Asio on weft: an execution context whose handlers run on weft threads, and a
// timer on weft's clock, so that Asio coroutines (co_spawn, awaitable, use_awaitable,
// strands) are explored under weft::sim. Needs Boost.Asio's headers (Debian:
// libboost-dev). See weft/asio/context.hpp.
#pragma once

// Boost 1.74's Asio, included after this header: its asio/awaitable.hpp uses
// std::exchange without including <utility>, and it turns co_await support on for clang
// only with the Coroutines TS (<experimental/coroutine>), not C++20's, which clang 16
// has.
#include <utility>
#if defined(__clang__) && !defined(BOOST_ASIO_HAS_CO_AWAIT) && defined(__cpp_impl_coroutine) && \
    __has_include(<coroutine>)
#define BOOST_ASIO_HAS_CO_AWAIT 1
#endif

#include <weft/asio/context.hpp>
#include <weft/asio/timer.hpp>

// A small Asio server-side handler, shared by the simulated test (asio/asio_test.cpp)
// and the pass-through build's (passthrough/asio_test.cpp, right version only).
#pragma once

#include <weft/asio.hpp>  // first: Boost 1.74's Asio needs <utility> before its awaitable.hpp

#include <chrono>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <weft/weft.hpp>

namespace weft_test::asio_visits {

namespace asio = boost::asio;

// A server's per-request handler: it counts a client's visits in a table the sessions
// share, after a call to a backend that takes 1-3 ms. The careless handler reads the
// count before the call and writes it after: another session's visit in between is
// lost. The right one counts after the call, in one step. Every session runs on one
// strand, so two handlers never run at once on the context's two threads.
enum class counting { read_before_the_call, after_the_call };

inline asio::awaitable<void> handle_visit(std::vector<int>& visits, int client, counting style) {
  auto executor = co_await asio::this_coro::executor;
  weft::asio_timer backend(executor);
  backend.expires_after(std::chrono::milliseconds(1 + weft::random() % 3));
  if (style == counting::read_before_the_call) {
    const int seen = visits[client];
    co_await backend.async_wait(asio::use_awaitable);
    visits[client] = seen + 1;
  } else {
    co_await backend.async_wait(asio::use_awaitable);
    ++visits[client];
  }
}

inline void serve_two_visits(counting style) {
  weft::asio_context context;
  auto strand = asio::make_strand(context.get_executor());
  std::vector<int> visits(1, 0);
  for (int session = 0; session < 2; ++session) {
    asio::co_spawn(strand, handle_visit(visits, 0, style), asio::detached);
  }
  weft::thread second([&] { context.run(); });
  context.run();
  second.join();
  WEFT_ASSERT(visits[0] == 2, "a visit was lost");
}

}  // namespace weft_test::asio_visits

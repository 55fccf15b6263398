// weft::asio_context on the pass-through build: the same Asio handler on real threads.
#include <weft/asio.hpp>  // first: Boost 1.74's Asio needs <utility> before its awaitable.hpp

#include <gtest/gtest.h>

#include "asio/visit_counter.hpp"

static_assert(!WEFT_SIM);

TEST(PassThroughAsio, TheServerHandlerRunsOnTwoRealThreads) {
  for (int round = 0; round < 50; ++round) {
    weft_test::asio_visits::serve_two_visits(weft_test::asio_visits::counting::after_the_call);
  }
}

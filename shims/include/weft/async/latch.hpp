// Awaiting a weft::latch or weft::barrier: co_await weft::async_wait(latch),
// co_await weft::async_arrive_and_wait(barrier).
//
// Neither std::latch nor std::barrier has a wait a stop token ends, so these waits do
// not honour a stop request: a task waits until the count is reached.
#pragma once

#include <weft/async/detail/blocking_await.hpp>
#include <weft/barrier.hpp>
#include <weft/latch.hpp>

WEFT_BEGIN_NAMESPACE

// Waits until the latch's count reaches zero.
inline auto async_wait(latch& l) {
  return detail::blocking_await([&l](const detail::await_site& site) {
#if WEFT_SIM
    l.wait(site.where);
#else
    (void)site;
    l.wait();
#endif
  });
}

// Arrives at the barrier and waits for the phase to complete.
template <class CompletionFunction>
auto async_arrive_and_wait(barrier<CompletionFunction>& b) {
  return detail::blocking_await([&b](const detail::await_site& site) {
#if WEFT_SIM
    b.arrive_and_wait(site.where);
#else
    (void)site;
    b.arrive_and_wait();
#endif
  });
}

WEFT_END_NAMESPACE

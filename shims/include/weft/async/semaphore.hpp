// Awaiting a weft::counting_semaphore: co_await weft::async_acquire(sem).
#pragma once

#include <cstddef>

#include <weft/async/detail/blocking_await.hpp>
#include <weft/semaphore.hpp>

WEFT_BEGIN_NAMESPACE

// Takes one unit, waiting while there is none. True once taken; false when the awaiting
// task was asked to stop first (nothing taken).
template <std::ptrdiff_t LeastMaxValue>
auto async_acquire(counting_semaphore<LeastMaxValue>& sem) {
  return detail::blocking_await([&sem](const detail::await_site& site) {
#if WEFT_SIM
    return sem.acquire(site.stop(), site.where);
#else
    return sem.acquire(site.stop());
#endif
  });
}

WEFT_END_NAMESPACE

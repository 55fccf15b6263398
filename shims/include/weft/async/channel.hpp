// Awaiting a weft::channel: co_await weft::async_send(ch, item) / weft::async_recv(ch).
#pragma once

#include <type_traits>
#include <utility>

#include <weft/async/detail/blocking_await.hpp>
#include <weft/channel.hpp>

WEFT_BEGIN_NAMESPACE

// Sends `item`, waiting while the channel is full. The result says ok, closed, or
// stopped (the awaiting task was asked to stop first); an item not sent comes back in
// `unsent`.
template <class T>
auto async_send(channel<T>& ch, std::type_identity_t<T> item) {
  return detail::blocking_await([&ch, item = std::move(item)](const detail::await_site& site) mutable {
#if WEFT_SIM
    return ch.send(std::move(item), site.stop(), site.where);
#else
    return ch.send(std::move(item), site.stop());
#endif
  });
}

// Receives an item, waiting while the channel is empty. The result says ok (the item is
// in `value`), closed (closed and drained), or stopped.
template <class T>
auto async_recv(channel<T>& ch) {
  return detail::blocking_await([&ch](const detail::await_site& site) {
#if WEFT_SIM
    return ch.recv(site.stop(), site.where);
#else
    return ch.recv(site.stop());
#endif
  });
}

WEFT_END_NAMESPACE

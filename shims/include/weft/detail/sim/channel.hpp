// weft::channel<T> in the simulated build: the items live here, the waiting in
// channel_core (scheduler/src/sync/channel.cpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <source_location>
#include <stop_token>
#include <utility>

#include <weft/detail/call_site.hpp>
#include <weft/detail/channel_result.hpp>
#include <weft/detail/sim/channel_core.hpp>
#include <weft/detail/sim/chrono.hpp>

WEFT_BEGIN_NAMESPACE

template <class T>
class channel {
  using loc = std::source_location;

 public:
  using value_type = T;

  // capacity >= 1; anything else throws std::invalid_argument.
  explicit channel(std::ptrdiff_t capacity, detail::call_site declared = {}) : core_(capacity, declared) {}
  channel(const channel&) = delete;
  channel& operator=(const channel&) = delete;

  // Blocks while the channel is full. Throws weft::channel_closed if it is closed.
  void send(T value, loc where = loc::current()) {
    const channel_status status = core_.begin_send({}, true, where);
    if (status == channel_status::closed) throw channel_closed();
    if (status == channel_status::ok) push(value);
  }
  send_result<T> send(T value, std::stop_token stop, loc where = loc::current()) {
    return send_with(value, detail::wait_limits{detail::no_deadline, &stop}, true, where);
  }
  send_result<T> try_send(T value, loc where = loc::current()) { return send_with(value, {}, false, where); }
  template <class Rep, class Period>
  send_result<T> send_for(T value, const std::chrono::duration<Rep, Period>& d, loc where = loc::current()) {
    return send_with(value, detail::wait_limits{detail::deadline_after(d)}, true, where);
  }
  template <class Clock, class Duration>
  send_result<T> send_until(T value, const std::chrono::time_point<Clock, Duration>& t, loc where = loc::current()) {
    return send_with(value, detail::wait_limits{detail::deadline_at(t)}, true, where);
  }

  // Blocks while the channel is empty; an empty optional once it is closed and drained.
  std::optional<T> recv(loc where = loc::current()) {
    if (core_.begin_recv({}, true, where) != channel_status::ok) return std::nullopt;
    return pop();
  }
  recv_result<T> recv(std::stop_token stop, loc where = loc::current()) {
    return recv_with(detail::wait_limits{detail::no_deadline, &stop}, true, where);
  }
  recv_result<T> try_recv(loc where = loc::current()) { return recv_with({}, false, where); }
  template <class Rep, class Period>
  recv_result<T> recv_for(const std::chrono::duration<Rep, Period>& d, loc where = loc::current()) {
    return recv_with(detail::wait_limits{detail::deadline_after(d)}, true, where);
  }
  template <class Clock, class Duration>
  recv_result<T> recv_until(const std::chrono::time_point<Clock, Duration>& t, loc where = loc::current()) {
    return recv_with(detail::wait_limits{detail::deadline_at(t)}, true, where);
  }

  // Wakes every blocked sender and receiver. Items already sent can still be received.
  void close(loc where = loc::current()) { core_.close(where); }
  // Each a scheduling point, as an atomic load is (channel_core::observe).
  bool is_closed(loc where = loc::current()) const noexcept { return core_.observe(where) && core_.closed(); }
  std::size_t size(loc where = loc::current()) const noexcept { return core_.observe(where) ? core_.size() : 0; }
  std::size_t capacity() const noexcept { return core_.capacity(); }

 private:
  send_result<T> send_with(T& value, const detail::wait_limits& limits, bool block, loc where) {
    const channel_status status = core_.begin_send(limits, block, where);
    if (status != channel_status::ok) return {status, std::move(value)};
    push(value);
    return {channel_status::ok, std::nullopt};
  }
  recv_result<T> recv_with(const detail::wait_limits& limits, bool block, loc where) {
    const channel_status status = core_.begin_recv(limits, block, where);
    if (status != channel_status::ok) return {status, std::nullopt};
    return {channel_status::ok, pop()};
  }
  void push(T& value) {
    items_.push_back(std::move(value));
    core_.end_send();
  }
  T pop() {
    T value = std::move(items_.front());
    items_.pop_front();
    core_.end_recv();
    return value;
  }

  // Mutable: reading whether the channel is closed, or its size, is a scheduling point
  // the execution records (const to the caller, as a const atomic's load is).
  mutable detail::channel_core core_;
  std::deque<T> items_;
};

WEFT_END_NAMESPACE

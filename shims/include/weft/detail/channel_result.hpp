// What channel operations return, shared by the pass-through and simulated channels.
#pragma once

#include <optional>
#include <stdexcept>
#include <utility>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE

enum class channel_status {
  ok,         // sent / received
  closed,     // the channel is closed (and, for a receive, drained)
  timed_out,  // the deadline passed first
  stopped,    // a stop was requested on the operation's stop_token first
  full,       // try_send: no free slot right now
  empty,      // try_recv: no item right now
};

// Sending on a closed channel: the item cannot be delivered, and saying so is better
// than dropping it.
class channel_closed : public std::logic_error {
 public:
  channel_closed() : std::logic_error("weft: send on a closed channel") {}
};

// The outcome of a send that can fail without an exception (try_send, send_for,
// send_until, send with a stop_token). An item that was not sent comes back in `unsent`,
// so a timeout or a stop never loses it.
template <class T>
struct send_result {
  channel_status status = channel_status::ok;
  std::optional<T> unsent;  // engaged exactly when status != ok

  explicit operator bool() const noexcept { return status == channel_status::ok; }
};

// The outcome of a receive that can fail for a reason other than "closed".
template <class T>
struct recv_result {
  channel_status status = channel_status::empty;
  std::optional<T> value;  // engaged exactly when status == ok

  explicit operator bool() const noexcept { return status == channel_status::ok; }
  T& operator*() & { return *value; }
  T&& operator*() && { return std::move(*value); }
  T* operator->() { return &*value; }
};

WEFT_END_NAMESPACE

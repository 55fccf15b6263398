// The simulated state of a channel besides its items: capacity, count, closed, waiters.
#pragma once

#include <cstddef>
#include <source_location>

#include <weft/detail/channel_result.hpp>
#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// A send or receive is begin_*(), then (on ok) the caller moves one item in or out of its
// buffer, then end_*(), with no scheduling point in between: the three are one step.
class channel_core {
 public:
  // Throws std::invalid_argument unless capacity >= 1.
  channel_core(std::ptrdiff_t capacity, std::source_location declared);
  ~channel_core();
  channel_core(const channel_core&) = delete;
  channel_core& operator=(const channel_core&) = delete;

  // A scheduling point, then waits (if `block`, within `limits`) for a free slot.
  // Returns ok (the caller must push one item and call end_send), closed, timed_out,
  // stopped, or full (not blocking). May throw execution_aborted.
  channel_status begin_send(const wait_limits& limits, bool block, std::source_location where);
  void end_send() noexcept;
  // The same for an item to take: ok, closed (closed and drained), timed_out, stopped,
  // or empty (not blocking).
  channel_status begin_recv(const wait_limits& limits, bool block, std::source_location where);
  void end_recv() noexcept;
  // Wakes every blocked sender (they fail with closed) and receiver (they drain, then
  // see closed). Closing twice is harmless.
  void close(std::source_location where);

  // A scheduling point before a read of the channel's state (whether it is closed, how
  // many items it holds): where the sends, receives and close fall around it is the
  // schedule's to choose, and dfs sees the read. Never throws (a teardown lets it return).
  // Returns false when the channel was destroyed, before or at the point (a misuse,
  // reported): its state must not be read.
  [[nodiscard]] bool observe(std::source_location where) noexcept;
  bool closed() const noexcept { return closed_; }
  std::size_t size() const noexcept { return count_; }
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  // Forgets an earlier execution's waiters at the first touch in this one. False if the
  // channel was destroyed (the execution has failed): it must not be touched.
  bool refresh(std::source_location where) noexcept;

  sim_object object_;
  std::size_t capacity_;
  std::size_t count_ = 0;
  bool closed_ = false;
  wait_queue senders_;
  wait_queue receivers_;
};

}  // namespace detail
WEFT_END_NAMESPACE

// weft::channel<T> in the pass-through build: a bounded MPMC queue on std::mutex and
// std::condition_variable_any (whose stop_token waits give the stop overloads).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <utility>

#include <weft/detail/channel_result.hpp>

WEFT_BEGIN_NAMESPACE

template <class T>
class channel {
 public:
  using value_type = T;

  explicit channel(std::ptrdiff_t capacity) : capacity_(checked(capacity)) {}
  channel(const channel&) = delete;
  channel& operator=(const channel&) = delete;

  void send(T value) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return can_send(); });
    if (closed_) throw channel_closed();
    push(lock, value);
  }
  send_result<T> send(T value, std::stop_token stop) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, stop, [&] { return can_send(); });
    return finish_send(lock, value, channel_status::stopped);
  }
  send_result<T> try_send(T value) {
    std::unique_lock lock(mutex_);
    return finish_send(lock, value, channel_status::full);
  }
  template <class Rep, class Period>
  send_result<T> send_for(T value, const std::chrono::duration<Rep, Period>& d) {
    std::unique_lock lock(mutex_);
    not_full_.wait_for(lock, d, [&] { return can_send(); });
    return finish_send(lock, value, channel_status::timed_out);
  }
  template <class Clock, class Duration>
  send_result<T> send_until(T value, const std::chrono::time_point<Clock, Duration>& t) {
    std::unique_lock lock(mutex_);
    not_full_.wait_until(lock, t, [&] { return can_send(); });
    return finish_send(lock, value, channel_status::timed_out);
  }

  std::optional<T> recv() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return can_recv(); });
    if (items_.empty()) return std::nullopt;
    return pop(lock);
  }
  recv_result<T> recv(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, stop, [&] { return can_recv(); });
    return finish_recv(lock, channel_status::stopped);
  }
  recv_result<T> try_recv() {
    std::unique_lock lock(mutex_);
    return finish_recv(lock, channel_status::empty);
  }
  template <class Rep, class Period>
  recv_result<T> recv_for(const std::chrono::duration<Rep, Period>& d) {
    std::unique_lock lock(mutex_);
    not_empty_.wait_for(lock, d, [&] { return can_recv(); });
    return finish_recv(lock, channel_status::timed_out);
  }
  template <class Clock, class Duration>
  recv_result<T> recv_until(const std::chrono::time_point<Clock, Duration>& t) {
    std::unique_lock lock(mutex_);
    not_empty_.wait_until(lock, t, [&] { return can_recv(); });
    return finish_recv(lock, channel_status::timed_out);
  }

  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    not_full_.notify_all();
    not_empty_.notify_all();
  }
  bool is_closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  static std::size_t checked(std::ptrdiff_t capacity) {
    if (capacity < 1) {
      throw std::invalid_argument("weft::channel capacity must be at least 1 (got " + std::to_string(capacity) +
                                  "): weft has no unbounded channel, by design; choose a bound");
    }
    return static_cast<std::size_t>(capacity);
  }
  bool can_send() const { return closed_ || items_.size() < capacity_; }
  bool can_recv() const { return closed_ || !items_.empty(); }

  // After a wait, whatever ended it: a free slot, the close, or `otherwise`.
  send_result<T> finish_send(std::unique_lock<std::mutex>& lock, T& value, channel_status otherwise) {
    if (closed_) return {channel_status::closed, std::move(value)};
    if (items_.size() >= capacity_) return {otherwise, std::move(value)};
    push(lock, value);
    return {channel_status::ok, std::nullopt};
  }
  // After a wait, whatever ended it: an item, the close, or `otherwise`.
  recv_result<T> finish_recv(std::unique_lock<std::mutex>& lock, channel_status otherwise) {
    if (!items_.empty()) return {channel_status::ok, pop(lock)};
    return {closed_ ? channel_status::closed : otherwise, std::nullopt};
  }
  void push(std::unique_lock<std::mutex>& lock, T& value) {
    items_.push_back(std::move(value));
    lock.unlock();
    not_empty_.notify_one();
  }
  T pop(std::unique_lock<std::mutex>& lock) {
    T value = std::move(items_.front());
    items_.pop_front();
    lock.unlock();
    not_full_.notify_one();
    return value;
  }

  mutable std::mutex mutex_;
  std::condition_variable_any not_full_;
  std::condition_variable_any not_empty_;
  std::deque<T> items_;
  std::size_t capacity_;
  bool closed_ = false;
};

WEFT_END_NAMESPACE

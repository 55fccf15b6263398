// weft::counting_semaphore in the pass-through build: std's interface plus an acquire
// that a std::stop_token can end, on std::mutex + std::condition_variable_any.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <stop_token>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE

template <std::ptrdiff_t LeastMaxValue = std::numeric_limits<std::ptrdiff_t>::max()>
class counting_semaphore {
 public:
  static constexpr std::ptrdiff_t max() noexcept { return LeastMaxValue; }

  explicit counting_semaphore(std::ptrdiff_t desired) : count_(desired) {
    if (desired < 0 || desired > max()) throw std::invalid_argument("weft::counting_semaphore: initial count out of range");
  }
  counting_semaphore(const counting_semaphore&) = delete;
  counting_semaphore& operator=(const counting_semaphore&) = delete;

  void release(std::ptrdiff_t update = 1) {
    {
      std::lock_guard lock(mutex_);
      count_ += update;
    }
    if (update == 1) {
      available_.notify_one();
    } else {
      available_.notify_all();
    }
  }
  void acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return count_ > 0; });
    --count_;
  }
  // Returns false, without acquiring, if a stop is requested first.
  bool acquire(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    return take_if(available_.wait(lock, stop, [&] { return count_ > 0; }));
  }
  bool try_acquire() noexcept {
    std::lock_guard lock(mutex_);
    return take_if(count_ > 0);
  }
  template <class Rep, class Period>
  bool try_acquire_for(const std::chrono::duration<Rep, Period>& d) {
    std::unique_lock lock(mutex_);
    return take_if(available_.wait_for(lock, d, [&] { return count_ > 0; }));
  }
  template <class Clock, class Duration>
  bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& t) {
    std::unique_lock lock(mutex_);
    return take_if(available_.wait_until(lock, t, [&] { return count_ > 0; }));
  }

 private:
  bool take_if(bool available) noexcept {
    if (available) --count_;
    return available;
  }

  std::mutex mutex_;
  std::condition_variable_any available_;
  std::ptrdiff_t count_;
};

using binary_semaphore = counting_semaphore<1>;

WEFT_END_NAMESPACE

// this_thread::sleep_for/sleep_until with a std::stop_token, in the pass-through build.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE
namespace this_thread {

// Sleeps until `t` or until a stop is requested; returns false if stopped first.
template <class Clock, class Duration>
bool sleep_until(const std::chrono::time_point<Clock, Duration>& t, std::stop_token stop) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  return !cv.wait_until(lock, stop, t, [] { return false; }) && !stop.stop_requested();
}
template <class Rep, class Period>
bool sleep_for(const std::chrono::duration<Rep, Period>& d, std::stop_token stop) {
  return sleep_until(std::chrono::steady_clock::now() + d, std::move(stop));
}

}  // namespace this_thread
WEFT_END_NAMESPACE

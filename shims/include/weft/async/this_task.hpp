// What a task asks about itself: co_await weft::this_task::sleep_for(d), yield(),
// until_stopped(), stop_token().
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

#include <weft/async/detail/blocking_await.hpp>
#include <weft/thread.hpp>

WEFT_BEGIN_NAMESPACE
namespace this_task {

// Waits `d` on weft's clocks (virtual time under the simulator). Returns true after the
// whole wait, false when the task was asked to stop first.
template <class Rep, class Period>
auto sleep_for(std::chrono::duration<Rep, Period> d) {
  return detail::blocking_await([d](const detail::await_site& site) {
#if WEFT_SIM
    return weft::this_thread::sleep_for(d, site.stop(), site.where);
#else
    return weft::this_thread::sleep_for(d, site.stop());
#endif
  });
}
template <class Clock, class Duration>
auto sleep_until(std::chrono::time_point<Clock, Duration> t) {
  return detail::blocking_await([t](const detail::await_site& site) {
#if WEFT_SIM
    return weft::this_thread::sleep_until(t, site.stop(), site.where);
#else
    return weft::this_thread::sleep_until(t, site.stop());
#endif
  });
}

// Lets the other tasks and threads run first (a scheduling point that prefers others).
inline auto yield() {
  return detail::blocking_await([](const detail::await_site& site) {
#if WEFT_SIM
    weft::this_thread::yield(site.where);
#else
    (void)site;
    weft::this_thread::yield();
#endif
  });
}

// Waits until the task is asked to stop (at once if it already was). Under the
// simulator a task waiting here with nothing left to stop it is part of a deadlock.
inline auto until_stopped() {
  return detail::blocking_await([](const detail::await_site& site) {
#if WEFT_SIM
    detail::sleep_until(detail::no_deadline, site.where, &site.stop());
#else
    std::mutex m;
    std::condition_variable_any stopped;
    std::unique_lock lock(m);
    stopped.wait(lock, site.stop(), [] { return false; });
#endif
  });
}

// co_await weft::this_task::stop_token(): the awaiting task's stop token (stop requested:
// the task was asked to stop). Not a wait.
struct stop_token {
  static constexpr bool never_waits = true;
  void bind(const detail::await_site& bound) { site = bound; }
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  std::stop_token await_resume() const noexcept { return site.stop(); }

  detail::await_site site;
};

}  // namespace this_task
WEFT_END_NAMESPACE

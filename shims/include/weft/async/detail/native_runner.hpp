// On the pass-through build: a spawned task runs on the native executor.
#pragma once

#include <condition_variable>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <source_location>
#include <stop_token>

#include <weft/async/detail/native_executor.hpp>
#include <weft/async/detail/outcome.hpp>
#include <weft/async/task.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

template <class T>
struct spawned : spawned_task<T> {
  using spawned_task<T>::spawned_task;
  std::mutex mutex;
  std::condition_variable ended;
  bool finished = false;  // guarded by mutex
  bool dropped = false;   // guarded by mutex
};

// A task ended with an exception nobody will see: as an exception that escapes a
// std::thread, it ends the process, saying which task.
[[noreturn]] inline void lost_task_error(std::source_location spawned_at) noexcept {
  std::fprintf(stderr, "weft: a task spawned at %s:%u ended with an exception, and its join handle was dropped\n",
               spawned_at.file_name(), static_cast<unsigned>(spawned_at.line()));
  std::terminate();
}

template <class T>
struct task_runner {
  using state = spawned<T>;

  static std::shared_ptr<state> start(weft::task<T> body, std::source_location where) {
    auto s = std::make_shared<state>(std::move(body), where);
    native_executor::instance().run([s] { run(*s); });
    return s;
  }

  static void wait(state& s, std::source_location) {
    std::unique_lock lock(s.mutex);
    s.ended.wait(lock, [&] { return s.finished; });
  }

  static void drop(state& s) noexcept {
    std::lock_guard lock(s.mutex);
    s.dropped = true;
    if (s.finished && s.result.error) lost_task_error(s.spawned_at);
  }

 private:
  static void run(state& s) {
    s.run();
    std::lock_guard lock(s.mutex);
    s.finished = true;
    if (s.dropped && s.result.error) lost_task_error(s.spawned_at);
    s.ended.notify_all();
  }
};

}  // namespace detail
WEFT_END_NAMESPACE

// On the pass-through build: the small real executor that runs spawned tasks.
//
// A task's waits block the thread that runs it (see weft/async/task.hpp), so the
// executor gives every running task a thread: it keeps the threads of finished tasks for
// the next ones (a cached thread pool) and starts one more whenever none is idle. A
// thread idle for `keep_idle` ends.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

class native_executor {
 public:
  static constexpr std::chrono::seconds keep_idle{10};

  // The process's executor. Never destroyed: its threads may outlive main's return.
  static native_executor& instance() {
    static native_executor* executor = new native_executor;
    return *executor;
  }

  // Runs `job` on an idle thread, or on a new one. May throw std::system_error when the
  // system refuses a thread (the job is then not run).
  void run(std::function<void()> job) {
    std::unique_lock lock(mutex_);
    jobs_.push_back(std::move(job));
    if (jobs_.size() <= idle_) {
      wake_.notify_one();
      return;
    }
    try {
      std::thread([this] { work(); }).detach();
    } catch (...) {
      jobs_.pop_back();
      throw;
    }
  }

 private:
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      ++idle_;
      const bool has_job = wake_.wait_for(lock, keep_idle, [this] { return !jobs_.empty(); });
      --idle_;
      if (!has_job) return;
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      // Destroyed before the lock is taken again: the last reference to a finished task
      // may be in it, and the task's destructors may spawn.
      std::exchange(job, nullptr)();
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::size_t idle_ = 0;  // threads waiting for a job
};

}  // namespace detail
WEFT_END_NAMESPACE

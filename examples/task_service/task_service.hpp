// Background task lifecycle: a service that runs tasks on their own threads, tracks
// them, cancels them with stop tokens and shuts down gracefully, logging every failure.
//
// Two promises make shutdown() trustworthy, and each has a classic way to break it:
// - Every task failure is logged. The "graceful" shutdown that waits a grace period,
//   logs the failures of the tasks that finished within it and then joins the rest
//   loses the failure of a task that was slow to stop: it is never looked at again.
// - When shutdown() returns, no task runs. The shutdown that waits for a count of
//   running tasks, incremented by each task when it starts, returns early if a task was
//   spawned but has not started yet; that task then runs after the caller has torn
//   down what it uses.
// The right shutdown requests stop, joins every thread, then logs every failure.
#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <list>
#include <mutex>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include <weft/condition_variable.hpp>
#include <weft/mutex.hpp>
#include <weft/thread.hpp>

namespace example {

// Where the service reports failed tasks ("name: what()"). Thread-safe.
class failure_log {
 public:
  void add(std::string line) {
    std::lock_guard lock(mutex_);
    lines_.push_back(std::move(line));
  }
  bool mentions(const std::string& text) {
    std::lock_guard lock(mutex_);
    for (const std::string& line : lines_) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }

 private:
  weft::mutex mutex_;
  std::vector<std::string> lines_;
};

enum class shutdown_style { log_finished_then_join, wait_for_started_count, join_then_log };

class task_service {
 public:
  using task_body = std::function<void(std::stop_token)>;

  task_service(failure_log& log, shutdown_style style, std::chrono::milliseconds grace = std::chrono::seconds(1))
      : log_(log), style_(style), grace_(grace) {}
  task_service(const task_service&) = delete;
  task_service& operator=(const task_service&) = delete;
  ~task_service() { shutdown(); }

  // Runs body on a new thread; its stop token is requested by shutdown(). An exception
  // escaping body is the task's failure. spawn() and shutdown() are for the owner's thread.
  void spawn(std::string name, task_body body) {
    std::lock_guard lock(mutex_);
    task& t = tasks_.emplace_back();
    t.name = std::move(name);
    t.thread = weft::jthread([this, &t, body = std::move(body)](std::stop_token stop) { run(t, body, stop); });
  }

  // Asks every task to stop, waits for them and logs every failure. Idempotent.
  void shutdown() {
    for (task& t : tasks_) t.thread.request_stop();
    switch (style_) {
      case shutdown_style::log_finished_then_join: {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, grace_, [&] { return all_finished(); });
        log_failures();
        lock.unlock();
        join_all();
        break;
      }
      case shutdown_style::wait_for_started_count: {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return running_ == 0; });
        log_failures();
        break;  // the threads are joined by ~jthread, much later
      }
      case shutdown_style::join_then_log: {
        join_all();
        std::lock_guard lock(mutex_);
        log_failures();
        break;
      }
    }
  }

 private:
  struct task {
    std::string name;
    weft::jthread thread;
    std::exception_ptr error;
    bool finished = false;
  };

  void run(task& t, const task_body& body, std::stop_token stop) {
    weft::this_thread::set_name(t.name);
    {
      std::lock_guard lock(mutex_);
      ++running_;
    }
    std::exception_ptr error;
    try {
      body(stop);
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    t.error = error;
    t.finished = true;
    --running_;
    changed_.notify_all();
  }

  bool all_finished() const {
    for (const task& t : tasks_) {
      if (!t.finished) return false;
    }
    return true;
  }

  void join_all() {
    for (task& t : tasks_) {
      if (t.thread.joinable()) t.thread.join();
    }
  }

  // Logs the failures of the finished tasks not logged yet (a logged failure is
  // dropped from its task). Caller holds mutex_.
  void log_failures() {
    for (task& t : tasks_) {
      if (!t.finished || !t.error) continue;
      try {
        std::rethrow_exception(std::exchange(t.error, nullptr));
      } catch (const std::exception& e) {
        log_.add(t.name + ": " + e.what());
      } catch (...) {
        log_.add(t.name + ": an exception not derived from std::exception");
      }
    }
  }

  failure_log& log_;
  const shutdown_style style_;
  const std::chrono::milliseconds grace_;
  weft::mutex mutex_;
  weft::condition_variable changed_;
  std::list<task> tasks_;  // stable addresses: each thread holds its task's
  int running_ = 0;
};

}  // namespace example

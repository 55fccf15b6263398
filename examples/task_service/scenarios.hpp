// The task service's test body: a poller and an uploader run until shutdown, a flusher is
// spawned just before it; the owner closes the journal the tasks write to once
// shutdown() has returned, and checks that the uploader's failure was logged.
#pragma once

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <stop_token>

#include <weft/assert.hpp>
#include <weft/atomic.hpp>
#include <weft/mutex.hpp>

#include "example_case.hpp"
#include "task_service/task_service.hpp"

namespace example {

// What the tasks write to; it must not be written once closed.
class journal {
 public:
  void write() {
    std::lock_guard lock(mutex_);
    WEFT_ASSERT(open_, "a task wrote to the journal after shutdown() had returned");
  }
  void close() {
    std::lock_guard lock(mutex_);
    open_ = false;
  }

 private:
  weft::mutex mutex_;
  bool open_ = true;
};

inline void run_and_shut_down(shutdown_style style) {
  using namespace std::chrono_literals;
  failure_log failures;
  journal journal;
  weft::atomic<bool> upload_failed{false};
  {
    task_service service(failures, style);
    service.spawn("poller", [&](std::stop_token stop) {
      while (weft::this_thread::sleep_for(10ms, stop)) journal.write();
    });
    service.spawn("uploader", [&](std::stop_token stop) {
      for (int chunk = 1; chunk <= 3; ++chunk) {
        if (!weft::this_thread::sleep_for(5ms, stop)) {
          upload_failed.store(true);
          throw std::runtime_error("upload interrupted at chunk " + std::to_string(chunk));
        }
        journal.write();
      }
    });
    weft::this_thread::sleep_for(12ms);
    service.spawn("flusher", [&](std::stop_token) { journal.write(); });
    service.shutdown();
    journal.close();
    if (upload_failed.load()) WEFT_ASSERT(failures.mentions("uploader"), "a task's failure was never logged");
  }
}

inline example_case task_failure_lost() {
  return {
      .example = "task_service",
      .bug = "a task that fails after the grace period has its failure dropped",
      .kind = weft::failure_kind::assertion,
      .budget = 2000,
      .wrong = [] { run_and_shut_down(shutdown_style::log_finished_then_join); },
      .right = [] { run_and_shut_down(shutdown_style::join_then_log); },
  };
}

inline example_case shutdown_returns_early() {
  return {
      .example = "task_service",
      .bug = "shutdown returns while a task that had not started yet runs",
      .kind = weft::failure_kind::assertion,
      .budget = 2000,
      .wrong = [] { run_and_shut_down(shutdown_style::wait_for_started_count); },
      .right = [] { run_and_shut_down(shutdown_style::join_then_log); },
  };
}

}  // namespace example

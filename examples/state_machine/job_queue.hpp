// A bounded job queue with a lock: the system under test of the state-machine example.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

#include <weft/mutex.hpp>

namespace example {

class job_queue {
 public:
  explicit job_queue(std::size_t capacity) : capacity_(capacity) {}

  // false when full: the caller must slow down (backpressure).
  bool offer(int job) {
    std::lock_guard lock(mutex_);
    if (jobs_.size() == capacity_) return false;
    jobs_.push_back(job);
    return true;
  }

  std::optional<int> poll() {
    std::lock_guard lock(mutex_);
    if (jobs_.empty()) return std::nullopt;
    const int job = jobs_.front();
    jobs_.pop_front();
    return job;
  }

  std::size_t size() {
    std::lock_guard lock(mutex_);
    return jobs_.size();
  }

 private:
  weft::mutex mutex_;
  std::size_t capacity_;
  std::deque<int> jobs_;
};

}  // namespace example

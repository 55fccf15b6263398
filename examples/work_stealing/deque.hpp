// A work-stealing deque (Chase and Lev, SPAA 2005), the structure under every
// work-stealing scheduler: its owner pushes and pops tasks at the bottom, LIFO, without
// contention; idle threads steal from the top, FIFO.
//
// Owner and thieves only meet when one task is left: the owner's pop and a steal may both
// see it. Both must then claim it by advancing `top` with a compare-exchange, and only
// the one whose compare-exchange succeeds has it. The hasty owner below claims the last
// task with a plain store instead, so a thief that advanced `top` in between keeps the
// task too: it runs twice. This is the race CHESS found in the original implementation.
//
// Indices only grow (a ring of `capacity` slots); every variable is a weft::atomic
// (sequentially consistent), so each load and store is a scheduling point.
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include <weft/atomic.hpp>

namespace example {

enum class last_task_claim { plain_store, compare_exchange };

template <class Task, std::size_t capacity>
class work_stealing_deque {
 public:
  explicit work_stealing_deque(last_task_claim claim) : claim_(claim) {}

  // Owner only. False when the deque is full.
  bool push(Task task) {
    const long b = bottom_.load();
    if (b - top_.load() >= static_cast<long>(capacity)) return false;
    slot(b).store(task);
    bottom_.store(b + 1);
    return true;
  }

  // Owner only. The most recently pushed task, or nullopt if none is left (or a thief
  // took the last one first).
  std::optional<Task> pop() {
    const long b = bottom_.load() - 1;
    bottom_.store(b);  // reserve the bottom slot before looking at top
    long t = top_.load();
    if (t > b) {  // empty
      bottom_.store(b + 1);
      return std::nullopt;
    }
    const Task task = slot(b).load();
    if (t < b) return task;  // more than one task left: no thief can reach this one

    // The last task: a thief may be claiming it right now.
    bool mine = true;
    if (claim_ == last_task_claim::compare_exchange) {
      mine = top_.compare_exchange_strong(t, t + 1);
    } else {
      top_.store(t + 1);
    }
    bottom_.store(b + 1);
    return mine ? std::optional<Task>(task) : std::nullopt;
  }

  // Any thread. The oldest task, or nullopt if the deque looked empty or another thread
  // claimed that task first (the caller may try again).
  std::optional<Task> steal() {
    long t = top_.load();
    const long b = bottom_.load();
    if (t >= b) return std::nullopt;
    const Task task = slot(t).load();
    if (!top_.compare_exchange_strong(t, t + 1)) return std::nullopt;
    return task;
  }

 private:
  weft::atomic<Task>& slot(long index) { return slots_[static_cast<std::size_t>(index) % capacity]; }

  const last_task_claim claim_;
  weft::atomic<long> top_{0};
  weft::atomic<long> bottom_{0};
  std::array<weft::atomic<Task>, capacity> slots_{};
};

}  // namespace example

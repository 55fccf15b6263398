// A work-stealing deque (Chase and Lev, SPAA 2005) with the memory orders of its C11
// version (Lê, Pop, Cohen, Zappa Nardelli, "Correct and efficient work-stealing for weak
// memory models", PPoPP 2013, figure 1; resizing left out): the structure under every
// work-stealing scheduler. Its owner pushes and pops tasks at the bottom, LIFO, without
// contention; idle threads steal from the top, FIFO.
//
// Owner and thieves meet when few tasks are left. take() lowers `bottom` to reserve the
// bottom task, then reads `top`; steal() reads `top`, then `bottom`. Each side must see
// the other's write: the store-buffering pattern, which only seq_cst fences between the
// store and the load order (release/acquire do not). Without the owner's fence, take()
// can read a stale `top` and keep a task that a thief, reading a stale `bottom`, steals
// too: it runs twice.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <optional>

#include <weft/atomic.hpp>

namespace example {

enum class take_fence { missing, present };

template <class Task, std::size_t capacity>
class work_stealing_deque {
  static constexpr auto relaxed = std::memory_order_relaxed;
  static constexpr auto acquire = std::memory_order_acquire;
  static constexpr auto release = std::memory_order_release;
  static constexpr auto seq_cst = std::memory_order_seq_cst;

 public:
  explicit work_stealing_deque(take_fence fence) : fence_(fence) {}

  // Owner only. False when the deque is full.
  bool push(Task task) {
    const long b = bottom_.load(relaxed);
    const long t = top_.load(acquire);
    if (b - t >= static_cast<long>(capacity)) return false;
    slot(b).store(task, relaxed);
    weft::atomic_thread_fence(release);  // the task before the bottom that publishes it
    bottom_.store(b + 1, relaxed);
    return true;
  }

  // Owner only. The most recently pushed task, or nullopt if none is left (or a thief
  // took the last one first).
  std::optional<Task> take() {
    const long b = bottom_.load(relaxed) - 1;
    bottom_.store(b, relaxed);  // reserve the bottom task...
    if (fence_ == take_fence::present) weft::atomic_thread_fence(seq_cst);
    long t = top_.load(relaxed);  // ...before looking at top
    if (t > b) {  // empty
      bottom_.store(b + 1, relaxed);
      return std::nullopt;
    }
    Task task = slot(b).load(relaxed);
    if (t < b) return task;  // more than one task left: no thief can reach this one
    // The last task: a thief may be claiming it right now; the compare-exchange decides.
    const bool mine = top_.compare_exchange_strong(t, t + 1, seq_cst, relaxed);
    bottom_.store(b + 1, relaxed);
    return mine ? std::optional<Task>(task) : std::nullopt;
  }

  // Any thread. The oldest task, or nullopt if the deque looked empty or another thread
  // claimed that task first (the caller may try again).
  std::optional<Task> steal() {
    long t = top_.load(acquire);
    weft::atomic_thread_fence(seq_cst);
    const long b = bottom_.load(acquire);
    if (t >= b) return std::nullopt;
    Task task = slot(t).load(relaxed);
    if (!top_.compare_exchange_strong(t, t + 1, seq_cst, relaxed)) return std::nullopt;
    return task;
  }

 private:
  weft::atomic<Task>& slot(long index) { return slots_[static_cast<std::size_t>(index) % capacity]; }

  const take_fence fence_;
  weft::atomic<long> top_{0};
  weft::atomic<long> bottom_{0};
  std::array<weft::atomic<Task>, capacity> slots_{};
};

}  // namespace example

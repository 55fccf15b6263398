// The work-stealing queues of CHESS's test suite (in SCTBench as WorkStealQueue and
// InterlockedWorkStealQueue), written against weft from the algorithm: Cilk-5's "THE"
// protocol (Frigo, Leiserson, Randall, PLDI 1998). The owner pushes and pops at the
// tail without a lock; thieves steal at the head under a lock; a pop that meets a steal
// over the last item retries under the lock. The lock is a weft::mutex
// (WorkStealQueue), or a spin lock that exchanges a flag and yields between attempts
// (InterlockedWorkStealQueue): a thread spinning on it yields while another holds it.
//
// The bug, as in the suite: push checks for room with `tail < head + size` instead of
// `tail < head + size - 1`, so it fills the last free slot, which a steal that has just
// advanced the head may still be reading: the owner overwrites an item a thief is about
// to take, and one item is run twice while another is never run.
//
// The test: one thief makes two steal attempts while the owner pushes four items two
// at a time, popping one after each pair, then pops the rest; every item must have run
// exactly once.
#pragma once

#include <cstddef>
#include <mutex>
#include <type_traits>
#include <vector>

#include <weft/weft.hpp>

namespace weft_bench::the_queue {

enum class lock_kind { mutex, spin };
enum class push_check { leaves_a_spare_slot, fills_every_slot };

// A spin lock that yields between attempts, as InterlockedWorkStealQueue's.
class spin_lock {
 public:
  void lock() {
    while (held_.exchange(1) != 0) weft::this_thread::yield();
  }
  void unlock() { held_.store(0); }

 private:
  weft::atomic<int> held_{0};
};

template <lock_kind Lock>
class queue {
  using lock_type = std::conditional_t<Lock == lock_kind::mutex, weft::mutex, spin_lock>;

 public:
  // Starts with two slots, as the suite's test does, so that the first pushes wrap.
  explicit queue(push_check check) : check_(check), slots_(2) {}

  // Owner only.
  void push(int* item) {
    const long t = read(tail_);
    const long size = mask_ + 1;
    const long room = check_ == push_check::fills_every_slot ? size : size - 1;
    if (t < read(head_) + room) {
      slots_[static_cast<std::size_t>(t & mask_)] = item;
      write(tail_, t + 1);
    } else {
      push_under_lock(item);
    }
  }

  // Owner only: the item at the tail, or nullptr.
  int* pop() {
    const long t = read(tail_) - 1;
    write(tail_, t);
    if (read(head_) <= t) return slots_[static_cast<std::size_t>(t & mask_)];
    write(tail_, t + 1);  // met a steal over the last item: settle it under the lock
    return pop_under_lock();
  }

  // Any thread: the item at the head, or nullptr.
  int* steal() {
    std::lock_guard held(lock_);
    const long h = read(head_);
    write(head_, h + 1);
    if (h < read(tail_)) return slots_[static_cast<std::size_t>(h & mask_)];
    write(head_, h);
    return nullptr;
  }

 private:
  int* pop_under_lock() {
    std::lock_guard held(lock_);
    const long t = read(tail_) - 1;
    write(tail_, t);
    int* item = nullptr;
    if (read(head_) <= t) {
      item = slots_[static_cast<std::size_t>(t & mask_)];
    } else {
      write(tail_, t + 1);
    }
    if (read(head_) > t) {  // empty: start again at index 0
      write(head_, 0);
      write(tail_, 0);
    }
    return item;
  }

  // No room without the lock: with steals locked out, move the items to the front of
  // an array with room to spare (twice as large when they fill all but one slot).
  void push_under_lock(int* item) {
    std::lock_guard held(lock_);
    const long h = read(head_);
    const long count = read(tail_) - h;
    const long size = mask_ + 1;
    std::vector<int*> moved(static_cast<std::size_t>(count >= mask_ ? 2 * size : size));
    for (long i = 0; i < count; ++i) moved[static_cast<std::size_t>(i)] = slots_[static_cast<std::size_t>((h + i) & mask_)];
    slots_ = std::move(moved);
    mask_ = static_cast<long>(slots_.size()) - 1;
    write(head_, 0);
    slots_[static_cast<std::size_t>(count)] = item;
    write(tail_, count + 1);
  }

  // As the suite does: every read of head or tail is a compare-exchange of 0 with 0 (it
  // fails, and so reads, whenever the index is not 0), every write an exchange.
  static long read(weft::atomic<long>& index) {
    long seen = 0;
    index.compare_exchange_strong(seen, 0);
    return seen;
  }
  static void write(weft::atomic<long>& index, long value) { index.exchange(value); }

  const push_check check_;
  weft::atomic<long> head_{0};
  weft::atomic<long> tail_{0};
  std::vector<int*> slots_;  // plain memory, as in the suite: only head and tail are shared atomics
  long mask_ = 1;
  lock_type lock_;
};

template <lock_kind Lock>
void owner_and_thief(push_check check) {
  queue<Lock> q(check);
  int runs[4] = {0, 0, 0, 0};
  weft::thread thief([&] {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (int* item = q.steal()) ++*item;
    }
  });
  for (int pair = 0; pair < 2; ++pair) {
    q.push(&runs[2 * pair]);
    q.push(&runs[2 * pair + 1]);
    if (int* item = q.pop()) ++*item;
  }
  for (int i = 0; i < 2; ++i) {
    if (int* item = q.pop()) ++*item;
  }
  thief.join();
  for (int run : runs) WEFT_ASSERT(run == 1, "an item was run twice, or never");
}

// SCTBench's WorkStealQueue and InterlockedWorkStealQueue, with the bug.
inline void work_steal_queue() { owner_and_thief<lock_kind::mutex>(push_check::fills_every_slot); }
inline void interlocked_work_steal_queue() { owner_and_thief<lock_kind::spin>(push_check::fills_every_slot); }

}  // namespace weft_bench::the_queue

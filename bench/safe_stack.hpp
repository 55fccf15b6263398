// SafeStack: Dmitry Vyukov's lock-free index stack (in Relacy's examples, and in
// SCTBench as safestack), written against weft from the algorithm. Its nodes live in an
// array and link by index. Pop "locks" the head node by exchanging its next index for -1,
// swings the head to that next index with a compare-exchange, and puts the next index
// back if the swing fails; push links a node in front of the head with a
// compare-exchange; a count keeps the last node from being popped. The stack's operations
// are seq_cst, as in the suite.
//
// The bug: three threads each pop a node, own it, and push it back, twice. A pop that was
// preempted between reading the head and locking its node can lock a node another thread
// is pushing back, and its put-back then overwrites the link that push wrote, or its swing
// succeeds with a next index that is no longer in the stack: two threads then own one
// node. It takes at least seven preemptions in the right places (PERIOD, ICSE 2022, found
// it in 0 of 20 trials).
//
// The check is the suite's: each owner writes its number into the node and asserts that
// it reads it back, so a double owner is seen only when the second one writes between
// the first one's write and read. The node's value is a relaxed atomic so that those two
// accesses are scheduling points, as the suite's race detector makes them. (A check at
// the pop itself sees a double owner within a few thousand random executions; this
// narrow window on top of the deep interleaving is what makes the bug rare.)
//
// The corrected stack is the classic repair of an index stack: the head carries a
// version that every swing advances, so a pop whose view of the head is stale fails its
// compare-exchange, and pop reads the next index instead of locking it, so nothing is
// ever put back over another thread's link.
#pragma once

#include <cstdint>

#include <weft/weft.hpp>

namespace weft_bench::safe_stack {

constexpr int nodes = 3;

// Vyukov's stack, as in the suite.
class locking_stack {
 public:
  locking_stack() {
    for (int i = 0; i < nodes; ++i) next_[slot(i)].store(i + 1 < nodes ? i + 1 : -1);
  }

  // A node's index, or -1 when at most one node is left.
  int pop() {
    while (count_.load() > 1) {
      const int head = head_.load();
      WEFT_ASSERT(head >= 0 && head < nodes, "the stack's head is no node");
      const int next = next_[slot(head)].exchange(-1);
      if (next >= 0) {
        int expected = head;
        if (head_.compare_exchange_strong(expected, next)) {
          count_.fetch_sub(1);
          return head;
        }
        next_[slot(head)].exchange(next);
      }
    }
    return -1;
  }

  void push(int index) {
    int head = head_.load();
    do {
      next_[slot(index)].store(head);
    } while (!head_.compare_exchange_strong(head, index));
    count_.fetch_add(1);
  }

 private:
  static std::size_t slot(int index) { return static_cast<std::size_t>(index); }

  weft::atomic<int> head_{0};
  weft::atomic<int> count_{nodes};
  weft::atomic<int> next_[nodes];
};

// The same stack with a versioned head, and a pop that reads the next index.
class versioned_stack {
 public:
  versioned_stack() {
    for (int i = 0; i < nodes; ++i) next_[slot(i)].store(i + 1 < nodes ? i + 1 : -1);
  }

  int pop() {
    while (count_.load() > 1) {
      std::uint64_t head = head_.load();
      const int index = index_of(head);
      if (index < 0) continue;
      const int next = next_[slot(index)].load();
      if (head_.compare_exchange_strong(head, swung(head, next))) {
        count_.fetch_sub(1);
        return index;
      }
    }
    return -1;
  }

  void push(int index) {
    std::uint64_t head = head_.load();
    do {
      next_[slot(index)].store(index_of(head));
    } while (!head_.compare_exchange_strong(head, swung(head, index)));
    count_.fetch_add(1);
  }

 private:
  static std::size_t slot(int index) { return static_cast<std::size_t>(index); }
  // The head: a node's index (or -1) in the low 32 bits, its version above them.
  static int index_of(std::uint64_t head) { return static_cast<std::int32_t>(static_cast<std::uint32_t>(head)); }
  static std::uint64_t swung(std::uint64_t head, int index) {
    return ((head >> 32) + 1) << 32 | static_cast<std::uint32_t>(index);
  }

  weft::atomic<std::uint64_t> head_{0};
  weft::atomic<int> count_{nodes};
  weft::atomic<int> next_[nodes];
};

// Three threads each pop a node, write their number into it and read it back, and push
// it back, twice, as in the suite; fails when two threads own the same node.
template <class Stack>
void three_owners() {
  Stack stack;
  weft::atomic<int> value[nodes];
  const auto work = [&](int me) {
    for (int round = 0; round < 2; ++round) {
      int node = -1;
      while ((node = stack.pop()) < 0) {
      }
      value[static_cast<std::size_t>(node)].store(me, std::memory_order_relaxed);
      WEFT_ASSERT(value[static_cast<std::size_t>(node)].load(std::memory_order_relaxed) == me,
                  "two threads own the same node");
      stack.push(node);
    }
  };
  weft::thread a([&] { work(0); });
  weft::thread b([&] { work(1); });
  weft::thread c([&] { work(2); });
  a.join();
  b.join();
  c.join();
}

inline void safe_stack() { three_owners<locking_stack>(); }
inline void versioned_safe_stack() { three_owners<versioned_stack>(); }

}  // namespace weft_bench::safe_stack

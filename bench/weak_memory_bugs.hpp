// Lock-free bugs that only weak memory shows (memory_model::c11), each with its fix:
// Peterson's lock with release/acquire, Dekker's without fences, a ring whose consumer
// reads a slot published with a relaxed index, and a seqlock reader without its acquire
// fence. Used by tests/memory/lock_free_bugs_test.cpp and bench/bug_finding.cpp.
#pragma once

#include <array>
#include <atomic>

#include <weft/weft.hpp>

namespace weft_bench::weak {

inline constexpr auto relaxed = std::memory_order_relaxed;
inline constexpr auto acquire = std::memory_order_acquire;
inline constexpr auto release = std::memory_order_release;
inline constexpr auto seq_cst = std::memory_order_seq_cst;

// Peterson's lock: "I want in, and you go first"; wait while the other wants in and it
// is my turn to wait. Correct under sequential consistency; with release stores and
// acquire loads both threads can read the other's flag before the other's store reaches
// them (the store-buffering outcome), and both enter.
class peterson_lock {
 public:
  explicit peterson_lock(std::memory_order store, std::memory_order load) : store_(store), load_(load) {}
  void lock(int me) {
    const int other = 1 - me;
    wants_[me].store(true, store_);
    turn_.store(other, store_);
    while (wants_[other].load(load_) && turn_.load(load_) == other) weft::this_thread::yield();
  }
  void unlock(int me) { wants_[me].store(false, release); }

 private:
  std::memory_order store_, load_;
  weft::atomic<bool> wants_[2];
  weft::atomic<int> turn_{0};
};

// Two threads each increment a plain counter under `lock` (lock(me)/unlock(me), me 0 or
// 1): a lock that lets both in is a data race on the counter.
template <class Lock>
void count_under(Lock& lock) {
  weft::shared<int> counter{0};
  const auto work = [&](int me) {
    lock.lock(me);
    counter.write() += 1;
    lock.unlock(me);
  };
  weft::thread other([&] { work(1); });
  work(0);
  other.join();
  WEFT_ASSERT(counter.read() == 2);
}

inline void peterson(std::memory_order store, std::memory_order load) {
  peterson_lock lock(store, load);
  count_under(lock);
}

// Dekker's mutual exclusion: raise my flag, and enter only if the other's is down;
// otherwise back off while it is the other's turn. The flag must be visible before the
// other's flag is read: a seq_cst fence between the two, which the broken version lacks.
class dekker_lock {
 public:
  explicit dekker_lock(bool fences) : fences_(fences) {}
  void lock(int me) {
    const int other = 1 - me;
    raise(me);
    while (wants_[other].load(acquire)) {
      if (turn_.load(relaxed) != me) {
        wants_[me].store(false, release);
        while (turn_.load(relaxed) != me) weft::this_thread::yield();
        raise(me);
      } else {
        weft::this_thread::yield();
      }
    }
  }
  void unlock(int me) {
    turn_.store(1 - me, relaxed);
    wants_[me].store(false, release);
  }

 private:
  void raise(int me) {
    wants_[me].store(true, relaxed);
    if (fences_) weft::atomic_thread_fence(seq_cst);
  }
  bool fences_;
  weft::atomic<bool> wants_[2];
  weft::atomic<int> turn_{0};
};

inline void dekker(bool fences) {
  dekker_lock lock(fences);
  count_under(lock);
}

// A single-producer/single-consumer ring: the producer fills a slot, then publishes it by
// advancing `tail`; the consumer reads `tail`, then the slot. With a relaxed store of
// `tail` nothing orders the slot's write before the consumer's read.
inline void spsc_ring(std::memory_order publish, std::memory_order observe) {
  constexpr int capacity = 2;
  constexpr int items = 3;
  std::array<weft::shared<int>, capacity> slots{};
  weft::atomic<int> head{0}, tail{0};
  weft::thread producer([&] {
    for (int item = 1; item <= items; ++item) {
      const int t = tail.load(relaxed);
      while (t - head.load(acquire) == capacity) weft::this_thread::yield();
      slots[t % capacity].write() = item;
      tail.store(t + 1, publish);
    }
  });
  for (int expected = 1; expected <= items; ++expected) {
    const int h = head.load(relaxed);
    while (tail.load(observe) == h) weft::this_thread::yield();
    WEFT_ASSERT(slots[h % capacity].read() == expected, "the consumer read a slot before its element");
    head.store(h + 1, release);
  }
  producer.join();
}

// A seqlock (Boehm, "Can seqlocks get along with programming language memory models?",
// MSPC 2012): the writer makes the sequence odd, writes the data, makes it even; a reader
// retries unless it saw the same even sequence before and after reading the data. The
// data are relaxed atomics; the reader's second read of the sequence must not be satisfied
// before its data reads, which an acquire fence after them ensures.
inline void seqlock(bool reader_fence) {
  weft::atomic<unsigned> sequence{0};
  weft::atomic<int> first{0}, second{0};
  weft::thread writer([&] {
    for (int value = 1; value <= 2; ++value) {
      const unsigned s = sequence.load(relaxed);
      sequence.store(s + 1, relaxed);
      weft::atomic_thread_fence(release);
      first.store(value, relaxed);
      second.store(value, relaxed);
      sequence.store(s + 2, release);
    }
  });
  for (int attempt = 0; attempt < 2; ++attempt) {
    const unsigned before = sequence.load(acquire);
    const int a = first.load(relaxed);
    const int b = second.load(relaxed);
    if (reader_fence) weft::atomic_thread_fence(acquire);
    const unsigned after = sequence.load(relaxed);
    if (before == after && before % 2 == 0) WEFT_ASSERT(a == b, "the reader accepted a torn snapshot");
  }
  writer.join();
}

}  // namespace weft_bench::weak

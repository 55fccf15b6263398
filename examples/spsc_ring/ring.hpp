// A single-producer/single-consumer ring buffer: the queue between two pinned threads
// (an audio callback and its feeder, a network poller and its parser). The producer
// writes an element into a free slot, then publishes it by advancing `tail`; the
// consumer reads `tail`, then the slot, then frees it by advancing `head`.
//
// The elements are plain data (`weft::shared<T>`, a plain T in the pass-through build),
// so only the indices order them: the producer's store of `tail` must release the
// element it publishes, and the consumer's load of `tail` must acquire it (and the
// same for `head` and the slot it frees). With relaxed indices, which x86 forgives and
// ARM does not, nothing orders the element's write before the consumer's read: a data
// race, and on weak hardware a stale or torn element.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <optional>

#include <weft/atomic.hpp>
#include <weft/shared.hpp>

namespace example {

enum class index_orders { relaxed, release_acquire };

template <class T, std::size_t capacity>
class spsc_ring {
 public:
  explicit spsc_ring(index_orders orders)
      : publish_(orders == index_orders::relaxed ? std::memory_order_relaxed : std::memory_order_release),
        observe_(orders == index_orders::relaxed ? std::memory_order_relaxed : std::memory_order_acquire) {}

  // Producer only. False when the ring is full.
  bool try_push(const T& value) {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);  // only the producer writes it
    if (tail - head_.load(observe_) == capacity) return false;
    slots_[tail % capacity].write() = value;
    tail_.store(tail + 1, publish_);
    return true;
  }

  // Consumer only. The oldest element, or nullopt when the ring is empty.
  std::optional<T> try_pop() {
    const std::size_t head = head_.load(std::memory_order_relaxed);  // only the consumer writes it
    if (tail_.load(observe_) == head) return std::nullopt;
    T value = slots_[head % capacity].read();
    head_.store(head + 1, publish_);
    return value;
  }

 private:
  const std::memory_order publish_;
  const std::memory_order observe_;
  weft::atomic<std::size_t> head_{0};
  weft::atomic<std::size_t> tail_{0};
  std::array<weft::shared<T>, capacity> slots_{};
};

}  // namespace example

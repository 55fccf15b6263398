// The events of one execution, in order. The storage is reused from one execution to
// the next, so recording costs a store, not an allocation; keeping every event (rather
// than the last few) lets a replay be compared with the original run event by event.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <source_location>
#include <span>

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail {

struct event {
  std::uint64_t step;
  virtual_time at;
  std::source_location where;
  std::uint32_t object;
  thread_index thread;
  op what;
  object_kind kind;

  // Same thread, operation and object: what a deterministic body repeats exactly.
  bool same_as(const event& other) const noexcept {
    return thread == other.thread && what == other.what && kind == other.kind && object == other.object;
  }
};

class trace_buffer {
 public:
  void clear() noexcept { size_ = 0; }
  // Appends an event made of these fields, stored one by one where it goes: there is room
  // in the usual case, the storage being kept from one execution to the next. (An event
  // built on the stack and copied would be read back in 16-byte pieces right after its
  // fields were stored in smaller ones, a stall at every event.) May throw std::bad_alloc
  // when it grows.
  void push(std::uint64_t step, virtual_time at, const std::source_location& where, std::uint32_t object,
            thread_index thread, op what, object_kind kind) {
    if (size_ == capacity_) [[unlikely]] grow();
    event& e = storage_[size_++];
    e.step = step;
    e.at = at;
    e.where = where;
    e.object = object;
    e.thread = thread;
    e.what = what;
    e.kind = kind;
  }
  std::span<const event> events() const noexcept { return {storage_.get(), size_}; }

 private:
  void grow() {
    const std::size_t capacity = capacity_ == 0 ? 256 : capacity_ * 2;
    auto larger = std::make_unique_for_overwrite<event[]>(capacity);
    std::copy_n(storage_.get(), size_, larger.get());
    storage_ = std::move(larger);
    capacity_ = capacity;
  }

  // events() is the first size_ of capacity_ events. Not a vector: its size is a
  // division by sizeof(event), at every push.
  std::unique_ptr<event[]> storage_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace weft::inline sim_v1::detail

// The events of one execution, in order. The storage is reused from one execution to
// the next, so recording costs a store, not an allocation. It keeps every event (a replay
// is compared with the original run event by event, and a report shows how the run got
// where it failed) or, when told to, only the latest ones: an exploration's executions
// that pass need no trace, and a long one written out whole would stream megabytes through
// the cache at a store per point, so that a point would cost more the more events the
// execution had (issue 16). A failing execution whose trace is not complete is run again,
// keeping every event, before it is reported (api/explore.cpp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <source_location>
#include <span>
#include <utility>

#include <weft/detail/sim/runtime.hpp>

#include "schedule/event.hpp"

namespace weft::inline sim_v1::detail {

class trace_buffer {
 public:
  // Tail mode keeps at least this many of the latest events, and at most four times it.
  static constexpr std::size_t tail_events = 256;

  // Starts a run's trace. `reader`, if not null, is given every event of it, in order, in
  // batches: those about to be dropped (tail mode), and the rest at read_rest().
  void clear(event_reader* reader = nullptr) noexcept {
    size_ = 0;
    dropped_ = 0;
    unread_ = 0;
    reader_ = reader;
    keep_every_ = keep_every_next_;
    set_limit();
  }
  // Gives the reader the events it has not read yet.
  // Marked read first: if the reader throws, no event is given to it twice.
  void read_rest() {
    const std::size_t from = std::exchange(unread_, size_);
    if (reader_ != nullptr && from < size_) reader_->read_events({storage_.get() + from, size_ - from});
  }
  // Whether to keep every event from the next clear() on (the default) or only the latest
  // (at least tail_events of them).
  void keep_every_event(bool every) noexcept { keep_every_next_ = every; }
  // Appends an event made of these fields, stored one by one where it goes: there is room
  // in the usual case, the storage being kept from one execution to the next. (An event
  // built on the stack and copied would be read back in 16-byte pieces right after its
  // fields were stored in smaller ones, a stall at every event.) May throw std::bad_alloc
  // when it grows.
  void push(std::uint64_t step, virtual_time at, const std::source_location& where, std::uint32_t object,
            thread_index thread, op what, object_kind kind) {
    if (size_ == limit_) [[unlikely]] make_room();
    event& e = storage_[size_++];
    e.step = step;
    e.at = at;
    e.where = where;
    e.object = object;
    e.thread = thread;
    e.what = what;
    e.kind = kind;
  }
  // The events kept, in order: every event if complete(), else the latest ones.
  std::span<const event> events() const noexcept { return {storage_.get(), size_}; }
  // How many events were recorded since clear(), kept or not; the next one's index.
  std::size_t count() const noexcept { return dropped_ + size_; }
  // How many of the first events were not kept: events()[i] is event dropped() + i.
  std::size_t dropped() const noexcept { return dropped_; }
  bool complete() const noexcept { return dropped_ == 0; }

 private:
  // Where push() must make room: the end of the storage, or of the tail's part of it.
  void set_limit() noexcept { limit_ = keep_every_ ? capacity_ : std::min(capacity_, 4 * tail_events); }
  // Out of line: inlined, its calls made every push() save and restore six registers.
  [[gnu::noinline, gnu::cold]] void make_room() {
    if (keep_every_ || capacity_ < 4 * tail_events) {
      grow();
      return;
    }
    // Keeps the latest tail_events: a copy of tail_events for every 3 x tail_events pushed.
    read_rest();
    const std::size_t kept = tail_events;
    std::copy_n(storage_.get() + size_ - kept, kept, storage_.get());
    dropped_ += size_ - kept;
    size_ = unread_ = kept;
  }
  void grow() {
    const std::size_t capacity = capacity_ == 0 ? 256 : capacity_ * 2;
    auto larger = std::make_unique_for_overwrite<event[]>(capacity);
    std::copy_n(storage_.get(), size_, larger.get());
    storage_ = std::move(larger);
    capacity_ = capacity;
    set_limit();
  }

  // events() is the first size_ of capacity_ events. Not a vector: its size is a
  // division by sizeof(event), at every push.
  std::unique_ptr<event[]> storage_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::size_t limit_ = 0;
  std::size_t dropped_ = 0;
  std::size_t unread_ = 0;  // events()[unread_] on: not given to reader_ yet
  event_reader* reader_ = nullptr;
  bool keep_every_ = true;
  bool keep_every_next_ = true;
};

}  // namespace weft::inline sim_v1::detail

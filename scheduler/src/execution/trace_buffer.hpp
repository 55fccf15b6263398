// The events of one execution, in order. The storage is reused from one execution to
// the next, so recording costs a store, not an allocation; keeping every event (rather
// than the last few) lets a replay be compared with the original run event by event.
#pragma once

#include <cstdint>
#include <source_location>
#include <vector>

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
  void clear() noexcept { events_.clear(); }
  void push(const event& e) { events_.push_back(e); }
  const std::vector<event>& events() const noexcept { return events_; }

 private:
  std::vector<event> events_;
};

}  // namespace weft::inline sim_v1::detail

// One thing a thread of an execution did, as the trace records it (and a strategy that
// reads the trace learns of it).
#pragma once

#include <cstdint>
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

// Reads an execution's events, in order, a batch at a time (trace_buffer hands them over).
class event_reader {
 public:
  virtual void read_events(std::span<const event> events) = 0;

 protected:
  ~event_reader() = default;
};

}  // namespace weft::inline sim_v1::detail

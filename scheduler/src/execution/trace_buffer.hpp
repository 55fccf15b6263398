// The events of one execution. During exploration only the last few are kept, in a
// ring, because almost every execution passes; the replay that builds a report keeps
// them all.
#pragma once

#include <cstdint>
#include <source_location>
#include <vector>

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail {

struct event {
  std::uint64_t step;
  std::source_location where;
  std::uint32_t object;
  thread_index thread;
  op what;
  object_kind kind;
};

class trace_buffer {
 public:
  static constexpr std::size_t ring_size = 64;

  explicit trace_buffer(bool keep_all) : keep_all_(keep_all) {
    if (!keep_all_) events_.resize(ring_size);
  }

  void clear() noexcept {
    if (keep_all_) events_.clear();
    pushed_ = 0;
  }

  void push(const event& e) {
    if (keep_all_) {
      events_.push_back(e);
    } else {
      events_[pushed_ & (ring_size - 1)] = e;
    }
    ++pushed_;
  }

  // The kept events, oldest first.
  std::vector<event> in_order() const {
    if (keep_all_) return events_;
    std::vector<event> out;
    const std::uint64_t first = pushed_ > ring_size ? pushed_ - ring_size : 0;
    for (std::uint64_t i = first; i < pushed_; ++i) out.push_back(events_[i & (ring_size - 1)]);
    return out;
  }

 private:
  bool keep_all_;
  std::uint64_t pushed_ = 0;
  std::vector<event> events_;
};

}  // namespace weft::detail

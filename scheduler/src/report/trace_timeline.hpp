// A report's events laid out on a timeline, shared by the JSON and HTML exports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <weft/report.hpp>

namespace weft::inline sim_v1::detail {

struct timeline {
  struct slice {
    std::size_t event;  // index in report::trace()
    std::uint32_t thread;
    std::int64_t start_us;
    std::int64_t length_us;
    std::string category;  // "operation", "blocked", "injected", "timeout", "failure"
  };
  struct wakeup {
    std::size_t from;  // event that woke the thread
    std::size_t to;    // the thread's wakeup event
  };
  std::vector<std::int64_t> at_us;  // by event
  std::vector<slice> slices;
  std::vector<wakeup> wakeups;
  // From a store to a load that read it while newer stores existed (weak memory).
  std::vector<wakeup> reads_from;
  std::size_t failing_event = 0;  // the last event, where the failure was found
};

timeline lay_out(const report& r);
std::string json_escape(const std::string& text);
std::string place_of(const trace_event& e);

}  // namespace weft::inline sim_v1::detail

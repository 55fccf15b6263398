// The trace of one execution (scheduler/src/execution/trace_buffer.hpp): every event, or
// in tail mode only the latest, numbered as in the whole run.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <source_location>

#include "execution/trace_buffer.hpp"

namespace {

using weft::detail::trace_buffer;

void push_steps(trace_buffer& trace, std::uint64_t from, std::uint64_t to) {
  for (std::uint64_t step = from; step < to; ++step) {
    trace.push(step, 0, std::source_location::current(), 0, 0, weft::detail::op::load,
               weft::detail::object_kind::atomic);
  }
}

// events()[i] must be event dropped() + i: its step says which event it was.
void expect_latest_in_order(const trace_buffer& trace) {
  for (std::size_t i = 0; i < trace.events().size(); ++i) {
    ASSERT_EQ(trace.events()[i].step, trace.dropped() + i) << "event " << i << " of the kept ones";
  }
}

TEST(TraceBuffer, KeepsEveryEventByDefault) {
  trace_buffer trace;
  trace.clear();
  push_steps(trace, 0, 100'000);
  EXPECT_TRUE(trace.complete());
  EXPECT_EQ(trace.count(), 100'000u);
  EXPECT_EQ(trace.events().size(), 100'000u);
  expect_latest_in_order(trace);
}

TEST(TraceBuffer, TailModeKeepsTheLatestEventsInOrderAndCountsThemAll) {
  trace_buffer trace;
  trace.keep_every_event(false);
  trace.clear();
  for (std::uint64_t n : {10u, 1000u, 1024u, 1025u, 5000u, 100'000u}) {
    trace.clear();
    push_steps(trace, 0, n);
    EXPECT_EQ(trace.count(), n);
    EXPECT_EQ(trace.complete(), n <= 4 * trace_buffer::tail_events) << n;
    EXPECT_GE(trace.events().size(), std::min<std::uint64_t>(n, trace_buffer::tail_events)) << n;
    EXPECT_LE(trace.events().size(), 4 * trace_buffer::tail_events) << n;
    expect_latest_in_order(trace);
  }
}

TEST(TraceBuffer, TheModeChangesAtTheNextClear) {
  trace_buffer trace;
  trace.clear();
  trace.keep_every_event(false);
  push_steps(trace, 0, 5000);
  EXPECT_TRUE(trace.complete()) << "the run under way keeps every event";
  trace.clear();
  push_steps(trace, 0, 5000);
  EXPECT_FALSE(trace.complete());
  trace.keep_every_event(true);
  trace.clear();
  push_steps(trace, 0, 5000);
  EXPECT_TRUE(trace.complete());
  EXPECT_EQ(trace.events().size(), 5000u);
  expect_latest_in_order(trace);
}

}  // namespace

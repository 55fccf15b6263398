// The trace of one execution (scheduler/src/execution/trace_buffer.hpp): every event, or
// in tail mode only the latest, numbered as in the whole run.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <source_location>
#include <span>
#include <vector>

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

// Notes the steps of the events it is given.
struct step_reader final : weft::detail::event_reader {
  std::vector<std::uint64_t> steps;
  std::size_t batches = 0;
  void read_events(std::span<const weft::detail::event> events) override {
    ++batches;
    for (const auto& e : events) steps.push_back(e.step);
  }
};

TEST(TraceBuffer, AReaderIsGivenEveryEventOnceInOrderInEitherMode) {
  for (const bool every : {true, false}) {
    trace_buffer trace;
    trace.keep_every_event(every);
    for (std::uint64_t n : {0u, 10u, 1025u, 100'000u}) {
      step_reader reader;
      trace.clear(&reader);
      push_steps(trace, 0, n);
      trace.read_rest();
      trace.read_rest();  // nothing left the second time
      ASSERT_EQ(reader.steps.size(), n) << "every event " << every;
      for (std::uint64_t i = 0; i < n; ++i) ASSERT_EQ(reader.steps[i], i) << "every event " << every;
      EXPECT_EQ(reader.batches > 1, !every && n > 4 * trace_buffer::tail_events) << n;
      expect_latest_in_order(trace);
    }
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

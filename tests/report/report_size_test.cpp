// A report keeps what it prints: the last options::report_events events (numbered as in
// the whole run) and every injection, not the whole trace of a long failing run.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

TEST(ReportSize, ALongFailingRunKeepsOnlyTheEventsItPrints) {
  weft::options opt = weft_test::options_for(1);
  opt.report_events = 40;
  const weft::report r = weft::explore(opt, [] {
    weft::atomic<int> counter{0};
    for (int i = 0; i < 20000; ++i) counter.fetch_add(1);
    WEFT_ASSERT(counter.load() < 0, "fails after a long run");
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::assertion) << r;
  EXPECT_EQ(r.trace().size(), 40u);
  EXPECT_GE(r.total_events(), 20000u);
  EXPECT_EQ(r.first_event_number() + r.trace().size() - 1, r.total_events());
  std::ostringstream printed;
  printed << r;
  EXPECT_NE(printed.str().find("last 40 of " + std::to_string(r.total_events()) + " events"), std::string::npos)
      << printed.str();
  EXPECT_NE(printed.str().find(std::to_string(r.total_events()) + "  t0 main  assertion failed"), std::string::npos)
      << printed.str();
}

// An injection early in a long run is still listed after the events are dropped.
TEST(ReportSize, InjectionsBeforeTheShownEventsAreKept) {
  weft::options opt = weft_test::options_for(200);
  opt.report_events = 10;
  const weft::report r = weft::explore(opt, [] {
    std::stop_source stop;
    weft::cancellable(stop);
    weft::atomic<int> counter{0};
    while (!stop.stop_requested()) counter.fetch_add(1);
    for (int i = 0; i < 100; ++i) counter.fetch_add(1);
    WEFT_ASSERT(false, "cancelled, then ran on");
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::assertion) << r;
  EXPECT_EQ(r.trace().size(), 10u);
  ASSERT_EQ(r.injected().size(), 1u) << r;
  std::ostringstream printed;
  printed << r;
  EXPECT_NE(printed.str().find("injected by the exploration"), std::string::npos) << printed.str();
}

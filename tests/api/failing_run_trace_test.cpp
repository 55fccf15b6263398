// An exploration's runs after the first keep only their latest events (a passing run needs
// no trace); a failing one is run again to keep them all before it is reported
// (scheduler/src/api/explore.cpp), and a failure that does not happen again is reported
// with the events it kept, never lost: as nondeterminism, or as found when the
// determinism check is off.
#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <utility>

#include <weft/weft.hpp>

#include "support.hpp"

namespace {

// Far more events than a run keeps in its tail, then a failure in one run out of about
// a hundred (weft::random is the strategy's choice, so the schedule decides it).
void long_run_failing_rarely() {
  weft::atomic<int> counter{0};
  weft::thread other([&] {
    for (int i = 0; i < 1500; ++i) counter.fetch_add(1);
  });
  for (int i = 0; i < 1500; ++i) counter.fetch_add(1);
  other.join();
  WEFT_ASSERT(weft::random() % 100 != 7, "the rare case");
}

TEST(FailingRunTrace, ALateFailureIsReportedWithEveryEventOfItsRun) {
  // Minimized, the report describes a run of its own; not minimized, the run as found.
  for (const auto& [check_determinism, minimize_seconds] : {std::pair{true, 0.0}, {false, 0.0}, {true, 2.0}}) {
    weft::options opt = weft_test::options_for(20'000);
    opt.check_determinism = check_determinism;
    opt.minimize_seconds = minimize_seconds;
    opt.report_events = 1'000'000;
    const weft::report r = weft::explore(opt, long_run_failing_rarely);
    ASSERT_EQ(r.kind(), weft::failure_kind::assertion) << r;
    ASSERT_GT(r.executions(), 1u) << "the failing run must not be the first (which keeps every event anyway)";
    EXPECT_EQ(r.first_event_number(), 1u);
    EXPECT_GT(r.total_events(), 3000u);
    EXPECT_EQ(r.trace().size(), r.total_events());
    const weft::report again = weft::replay(r.replay_token(), long_run_failing_rarely, opt);
    ASSERT_EQ(again.kind(), weft::failure_kind::assertion) << again;
    EXPECT_EQ(again.total_events(), r.total_events());
  }
}

// Fails in the fifth run of the process, whatever its schedule: a body that keeps state
// from one execution to the next. Its mutex is used only long before the events a run
// keeps.
int runs_so_far = 0;
unsigned mutex_first_used_at = 0;

void fails_the_fifth_time() {
  weft::mutex m;
  mutex_first_used_at = __LINE__ + 1;
  m.lock();
  m.unlock();
  weft::atomic<int> counter{0};
  for (int i = 0; i < 3000; ++i) counter.fetch_add(1);
  WEFT_ASSERT(++runs_so_far != 5, "only the fifth time");
}

// The events the run kept, numbered as in the whole run, the token, and where each object
// was first used (known to the run, not found in its events).
void expect_the_kept_events(const weft::report& r) {
  EXPECT_FALSE(r.replay_token().empty());
  EXPECT_GT(r.first_event_number(), 1u) << "only the latest events were kept";
  EXPECT_GT(r.total_events(), 3000u);
  EXPECT_EQ(r.first_event_number() + r.trace().size() - 1, r.total_events());
  std::ostringstream printed;
  printed << r;
  EXPECT_NE(printed.str().find(std::to_string(r.total_events()) + "  t0 main  assertion failed"), std::string::npos)
      << printed.str();
  ASSERT_EQ(r.objects().size(), 2u) << r;
  EXPECT_EQ(r.objects()[0].first_used.line, mutex_first_used_at) << r;
}

TEST(FailingRunTrace, AFailureThatDoesNotHappenAgainIsNondeterminismWithTheEventsItKept) {
  weft::options opt = weft_test::options_for(100);
  opt.minimize_seconds = 0;
  opt.report_events = 1'000'000;
  runs_so_far = 0;
  const weft::report r = weft::explore(opt, fails_the_fifth_time);
  ASSERT_EQ(r.kind(), weft::failure_kind::nondeterminism) << r;
  EXPECT_NE(r.message().find("assertion failed"), std::string::npos) << r.message();
  expect_the_kept_events(r);
}

TEST(FailingRunTrace, WithoutTheDeterminismCheckSuchAFailureIsReportedAsFound) {
  weft::options opt = weft_test::options_for(100);
  opt.check_determinism = false;
  opt.minimize_seconds = 0;
  opt.report_events = 1'000'000;
  runs_so_far = 0;
  const weft::report r = weft::explore(opt, fails_the_fifth_time);
  ASSERT_EQ(r.kind(), weft::failure_kind::assertion) << r;
  EXPECT_EQ(r.executions(), 5u);
  EXPECT_NE(r.message().find("only the fifth time"), std::string::npos) << r.message();
  expect_the_kept_events(r);
}

}  // namespace

// WEFT_TEST and GoogleTest assertions inside explored bodies.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>

#include <weft/gtest.hpp>
#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

// Two threads increment a counter under a mutex, or (buggy) read and write it in two
// separate critical sections.
void counter(bool fixed, bool assert_in_threads) {
  weft::mutex m;
  int count = 0;
  auto increment = [&] {
    if (fixed) {
      std::lock_guard g(m);
      ++count;
      return;
    }
    int seen;
    {
      std::lock_guard g(m);
      seen = count;
    }
    std::lock_guard g(m);
    if (assert_in_threads) {
      ASSERT_EQ(count, seen) << "another increment slipped in";
    }
    count = seen + 1;
  };
  weft::thread a(increment);
  weft::thread b(increment);
  a.join();
  b.join();
  std::lock_guard g(m);
  EXPECT_EQ(count, 2);
}

void buggy_counter() { counter(false, false); }
void fixed_counter() { counter(true, false); }

}  // namespace

TEST(GTestInBody, ExpectInMainThreadFailsTheExecution) {
  const weft::report buggy = weft::explore_with_gtest(options_for(500), buggy_counter);
  ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
  EXPECT_NE(buggy.message().find("GoogleTest assertion failed"), std::string::npos);
  EXPECT_NE(buggy.location().file.find("weft_test_test.cpp"), std::string::npos);
  EXPECT_FALSE(weft::explore_with_gtest(options_for(500), fixed_counter).failed());
}

TEST(GTestInBody, AssertInSpawnedThreadFailsTheExecution) {
  const weft::report buggy = weft::explore_with_gtest(options_for(500), [] { counter(false, true); });
  ASSERT_EQ(buggy.kind(), failure_kind::assertion) << buggy;
  EXPECT_NE(buggy.message().find("another increment slipped in"), std::string::npos) << buggy.message();
  EXPECT_NE(buggy.message().find("GoogleTest assertion failed in t"), std::string::npos) << buggy.message();
  EXPECT_NE(buggy.message().find("(thread-"), std::string::npos) << buggy.message();
  EXPECT_NE(buggy.threads()[buggy.threads().size() - 1].name.find("thread-"), std::string::npos);
}

WEFT_TEST(WeftTest, CorrectCounterPasses) { fixed_counter(); }

namespace {
std::string replay_token_of_buggy_counter() {
  return weft::explore_with_gtest(options_for(500), buggy_counter).replay_token();
}
}  // namespace

TEST(WeftTest, FailingBodyFailsTheTestWithReportAndReplayCommand) {
  EXPECT_NONFATAL_FAILURE(weft::detail::run_weft_test("Suite", "Name", buggy_counter),
                          "--gtest_filter=Suite.Name");
  EXPECT_NONFATAL_FAILURE(weft::detail::run_weft_test("Suite", "Name", buggy_counter), "WEFT_REPLAY=W2");
}

namespace {
// Puts what `run` reports to GoogleTest into `results`, instead of the running test's.
template <class Run>
void capture(testing::TestPartResultArray& results, Run run) {
  const testing::ScopedFakeTestPartResultReporter capturing(
      testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
  run();
}

void expect_one_skip(const testing::TestPartResultArray& results, const std::string& message) {
  ASSERT_EQ(results.size(), 1);
  EXPECT_TRUE(results.GetTestPartResult(0).skipped());
  EXPECT_NE(std::string(results.GetTestPartResult(0).message()).find(message), std::string::npos)
      << results.GetTestPartResult(0).message();
}
}  // namespace

// GoogleTest named the place of an escaped exception's failure as a line of weft's own
// source. It is the throw's.
TEST(WeftTest, AnExceptionFailsTheTestAtItsLine) {
  static const int line = __LINE__ + 2;
  const auto throw_in_a_thread = [] {
    weft::thread t([] { throw std::runtime_error("thread threw"); });
    t.join();
  };
  testing::TestPartResultArray results;
  capture(results, [&] { weft::detail::run_weft_test("Suite", "Throws", +throw_in_a_thread); });
  ASSERT_EQ(results.size(), 1);
  const testing::TestPartResult& failure = results.GetTestPartResult(0);
  EXPECT_TRUE(failure.failed());
  EXPECT_STREQ(failure.file_name(), __FILE__);
  EXPECT_EQ(failure.line_number(), line);
  EXPECT_NE(std::string(failure.message()).find("thread threw"), std::string::npos) << failure.message();
}

// A GTEST_SKIP() in a WEFT_TEST's body was dropped with the body's other passing results:
// the test said OK. (Captured here, so that this suite has no skipped test.)
TEST(WeftTest, AGtestSkipInTheBodySkipsTheTest) {
  testing::TestPartResultArray results;
  capture(results,
          [] { weft::detail::run_weft_test("Suite", "Skipped", [] { GTEST_SKIP() << "not on this platform"; }); });
  expect_one_skip(results, "not on this platform");
}

// With workers the skip stayed in the worker process that made it (only failures came
// back): the test said OK. In the body or in a thread of it, the message whole.
TEST(WeftTest, AGtestSkipInAWorkerSkipsTheTest) {
  const auto two_workers = [](weft::options& o) {
    o.workers = 2;
    o.iterations = 20;
  };
  const auto skip_in_body = [] { GTEST_SKIP() << "not on\nthis platform"; };
  const auto skip_in_thread = [] {
    weft::thread t([] { GTEST_SKIP() << "not on\nthis platform"; });
    t.join();
  };
  for (void (*body)() : {+skip_in_body, +skip_in_thread}) {
    testing::TestPartResultArray results;
    capture(results, [&] { weft::detail::run_weft_test("Suite", "Skipped", body, two_workers); });
    expect_one_skip(results, "not on\nthis platform");
  }
}

// A failure is the test's outcome, with or without workers: a skip is not reported with it.
TEST(WeftTest, AFailureWinsOverASkip) {
  const auto skip_then_fail = [] {
    weft::thread t([] { GTEST_SKIP() << "not on this platform"; });
    t.join();
    ADD_FAILURE() << "failed after the skip";
  };
  for (const std::uint64_t workers : {1, 2}) {
    testing::TestPartResultArray results;
    capture(results, [&] {
      weft::detail::run_weft_test("Suite", "Fails", +skip_then_fail, [&](weft::options& o) { o.workers = workers; });
    });
    ASSERT_EQ(results.size(), 1);
    EXPECT_TRUE(results.GetTestPartResult(0).failed()) << results.GetTestPartResult(0).message();
  }
}

TEST(WeftTest, WeftReplayEnvironmentVariableReplaysTheSchedule) {
  const std::string token = replay_token_of_buggy_counter();
  ASSERT_FALSE(token.empty());
  ::setenv("WEFT_REPLAY", token.c_str(), 1);
  EXPECT_NONFATAL_FAILURE(weft::detail::run_weft_test("Suite", "Name", buggy_counter),
                          "strategy replay");
  // The same token against the fixed body: the schedule no longer fits.
  EXPECT_NONFATAL_FAILURE(weft::detail::run_weft_test("Suite", "Name", fixed_counter), "replay_diverged");
  ::unsetenv("WEFT_REPLAY");
}

TEST(WeftTest, BadEnvironmentValueIsAClearError) {
  ::setenv("WEFT_ITERATIONS", "lots", 1);
  EXPECT_THROW(
      {
        try {
          weft::options opt;
        } catch (const weft::option_error& e) {
          EXPECT_NE(std::string(e.what()).find("WEFT_ITERATIONS=\"lots\" is not a whole number"),
                    std::string::npos)
              << e.what();
          throw;
        }
      },
      weft::option_error);
  ::unsetenv("WEFT_ITERATIONS");
}

// WEFT_REPLAY=$TOKEN with TOKEN unset used to explore instead, as if no replay was asked.
TEST(WeftTest, AnEmptyWeftReplayIsAnErrorNotAnExploration) {
  const weft_test::scoped_env replay("WEFT_REPLAY", "");
  try {
    weft::detail::run_weft_test("Suite", "Name", fixed_counter);
    ADD_FAILURE() << "an empty WEFT_REPLAY explored";
  } catch (const weft::option_error& e) {
    EXPECT_NE(std::string(e.what()).find("WEFT_REPLAY is set but empty"), std::string::npos) << e.what();
  }
}

namespace {
std::uint64_t executions_seen = 0;

// A reply that always comes, within an hour: only an early timeout (on by default) can
// make the wait give up.
void reply_within_the_hour() {
  weft::channel<int> replies(1);
  weft::thread server([&] { replies.send(1); });
  EXPECT_TRUE(replies.recv_for(std::chrono::hours(1))) << "timed out early";
  server.join();
}
}  // namespace

// The settings in WEFT_TEST's third argument apply: without early timeouts this passes.
WEFT_TEST(WeftTest, TakesItsOwnSettings, [](weft::options& o) { o.early_timeouts = false; }) {
  reply_within_the_hour();
}

TEST(WeftTest, TheSameBodyFailsWithTheDefaultSettings) {
  EXPECT_NONFATAL_FAILURE(weft::detail::run_weft_test("Suite", "Name", reply_within_the_hour), "timed out early");
}

TEST(WeftTest, PerTestSettingsApplyAndTheEnvironmentHasTheLastWord) {
  const auto body = [] { ++executions_seen; };
  const auto thirty_seven = [](weft::options& o) {
    o.iterations = 37;
    o.check_determinism = false;
  };
  executions_seen = 0;
  weft::detail::run_weft_test("Suite", "Name", +body, thirty_seven);
  EXPECT_EQ(executions_seen, 37u);
  ::setenv("WEFT_ITERATIONS", "5", 1);
  executions_seen = 0;
  weft::detail::run_weft_test("Suite", "Name", +body, thirty_seven);
  ::unsetenv("WEFT_ITERATIONS");
  EXPECT_EQ(executions_seen, 5u);
  // A bad value set by the test is the same clear error as a bad variable.
  EXPECT_THROW(weft::detail::run_weft_test("Suite", "Name", +body, [](weft::options& o) { o.strategy = "nope"; }),
               weft::option_error);
}

TEST(WeftTest, StatsOfAPassingTestArePrintedOnRequest) {
  ::setenv("WEFT_STATS", "1", 1);
  testing::internal::CaptureStdout();
  weft::detail::run_weft_test("Suite", "Name", fixed_counter, [](weft::options& o) { o.iterations = 20; });
  const std::string printed = testing::internal::GetCapturedStdout();
  ::unsetenv("WEFT_STATS");
  EXPECT_NE(printed.find("no failure in 20 executions"), std::string::npos) << printed;
}

// Splitting an exploration across shards and worker processes, and crash reports (said
// once among workers).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>

#include <weft/weft.hpp>

#include "api/claiming_workers.hpp"
#include "support.hpp"

using weft::failure_kind;

namespace {

// The first weft::random() value of every execution: it derives from the execution's
// seed, so it identifies which executions a run covered.
std::set<std::uint64_t> seeds_covered(std::uint64_t shard, std::uint64_t shards) {
  std::set<std::uint64_t> seen;
  weft::options opt = weft_test::options_for(300);
  opt.check_determinism = false;
  opt.shard_index = shard;
  opt.shard_count = shards;
  const weft::report r = weft::explore(opt, [&] { seen.insert(weft::random()); });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_EQ(r.executions(), seen.size());
  return seen;
}

}  // namespace

TEST(Shards, CoverTheUnshardedRunExactlyWithoutOverlap) {
  const std::set<std::uint64_t> whole = seeds_covered(0, 1);
  ASSERT_EQ(whole.size(), 300u);
  std::set<std::uint64_t> united;
  std::size_t total = 0;
  for (std::uint64_t shard = 0; shard < 4; ++shard) {
    const std::set<std::uint64_t> part = seeds_covered(shard, 4);
    total += part.size();
    united.insert(part.begin(), part.end());
  }
  EXPECT_EQ(total, 300u) << "shards overlap";
  EXPECT_EQ(united, whole) << "shards do not cover the same executions as the whole run";
}

TEST(Shards, ABadShardSpecIsAClearError) {
  ::setenv("WEFT_SHARD", "4/4", 1);
  EXPECT_THROW(weft::options(), weft::option_error);
  ::setenv("WEFT_SHARD", "1of4", 1);
  EXPECT_THROW(weft::options(), weft::option_error);
  ::unsetenv("WEFT_SHARD");
}

using weft_test::lost_update;

TEST(Workers, StatisticsAreThoseOfOneProcessRunningTheSameExecutions) {
  auto body = [] {
    weft::atomic<int> x{0};
    weft::thread a([&] { x.fetch_add(1); x.fetch_add(1); });
    weft::thread b([&] { x.store(x.load() * 2); });
    a.join();
    b.join();
  };
  weft::options opt = weft_test::options_for(300);
  const weft::report alone = weft::explore(opt, body);
  opt.workers = 2;
  const weft::report split = weft::explore(opt, body);
  ASSERT_FALSE(alone.failed()) << alone;
  ASSERT_FALSE(split.failed()) << split;
  EXPECT_EQ(split.executions(), alone.executions());
  EXPECT_EQ(split.distinct_schedules(), alone.distinct_schedules()) << "a schedule both workers ran counts once";
  EXPECT_LT(split.distinct_schedules(), split.executions());
  EXPECT_EQ(split.min_steps(), alone.min_steps());
  EXPECT_EQ(split.median_steps(), alone.median_steps());
  EXPECT_EQ(split.max_steps(), alone.max_steps());
  EXPECT_NE((std::ostringstream() << split).str().find("steps per execution"), std::string::npos) << split;
}

TEST(Workers, SplitTheRunAndStopAtTheFirstFailure) {
  weft::options opt = weft_test::options_for(400);
  opt.workers = 3;
  const weft::report passing = weft::explore(opt, [] {
    weft::atomic<int> x{0};
    weft::thread a([&] { x.fetch_add(1); });
    x.fetch_add(1);
    a.join();
  });
  EXPECT_FALSE(passing.failed()) << passing;
  EXPECT_EQ(passing.executions(), 400u);

  const weft::report found = weft::explore(opt, lost_update);
  ASSERT_EQ(found.kind(), failure_kind::assertion) << found;
  EXPECT_EQ(weft::replay(found.replay_token(), lost_update).kind(), failure_kind::assertion);
}

namespace {

// Runs `work` in a child process; returns what it wrote to stderr and how it ended.
std::string in_child(void (*work)(), int* status) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[0]);
    work();
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string said;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) said.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  ::waitpid(pid, status, 0);
  return said;
}

// A lost update that crashes the process (abort) instead of failing an assertion.
void crashing_body() {
  weft::atomic<int> x{0};
  weft::thread a([&] { x.store(x.load() + 1); });
  weft::thread b([&] { x.store(x.load() + 1); });
  a.join();
  b.join();
  if (x.load() != 2) std::abort();
}

std::string crash_token;

}  // namespace

TEST(Crashes, PrintTheReplayTokenOfTheExecutionThatCrashed) {
  int status = 0;
  const std::string said = in_child(
      [] {
        weft::options opt = weft_test::options_for(2000);
        weft::explore(opt, crashing_body);
      },
      &status);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) << said;
  const auto at = said.find("WEFT_REPLAY=");
  ASSERT_NE(at, std::string::npos) << said;
  EXPECT_NE(said.find("SIGABRT"), std::string::npos) << said;
  crash_token = said.substr(at + 12, said.find('\n', at) - at - 12);
  ASSERT_EQ(crash_token.substr(0, 2), "W2");

  // The token replays the same crash.
  const std::string again = in_child([] { weft::replay(crash_token, crashing_body); }, &status);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) << again;
}

// Inside a WEFT_TEST (which sets a rerun_command_scope) the crash line reruns the test.
TEST(Crashes, TheReplayLineCarriesTheRerunCommandOfTheTest) {
  int status = 0;
  const std::string said = in_child(
      [] {
        const weft::detail::rerun_command_scope rerun(" ./tests --gtest_filter=Suite.Crashes");
        weft::explore(weft_test::options_for(2000), crashing_body);
      },
      &status);
  ASSERT_TRUE(WIFSIGNALED(status)) << said;
  const auto at = said.find("WEFT_REPLAY=");
  ASSERT_NE(at, std::string::npos) << said;
  const std::string line = said.substr(at, said.find('\n', at) - at);
  EXPECT_NE(line.find(" ./tests --gtest_filter=Suite.Crashes"), std::string::npos) << said;
}

// With workers, the parent threw a std::runtime_error ("a worker process died without a
// report"), which ends a program the README's way in std::terminate whatever the worker
// died of: it now ends as the worker did, as one process would have.
TEST(Crashes, WithWorkersTheProcessEndsAsTheCrashedWorkerDid) {
  int status = 0;
  const std::string said = in_child(
      [] {
        weft::options opt = weft_test::options_for(2000);
        opt.workers = 2;
        weft::explore(opt, crashing_body);
      },
      &status);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) << said;
  EXPECT_NE(said.find("WEFT_REPLAY="), std::string::npos) << said;
  EXPECT_EQ(said.find("terminate called"), std::string::npos) << said;
}

namespace {

// Crashes in every execution: each worker meets the crash in its first.
void always_crashing_body() {
  weft::atomic<int> x{0};
  weft::thread a([&] { x.store(1); });
  a.join();
  std::abort();
}

}  // namespace

// Two workers of one exploration that both crash: only the one that claims the report
// says it (each runs its explore in a child of its own here, as a worker does).
TEST(Crashes, OfTwoWorkersThatCrashOnlyTheClaimantSaysItsReport) {
  int status = 0;
  const std::string said = in_child(
      [] { weft_test::run_as_two_workers([] { weft::explore(weft_test::options_for(10), always_crashing_body); }); },
      &status);
  const auto first = said.find("WEFT_REPLAY=");
  ASSERT_NE(first, std::string::npos) << said;
  EXPECT_EQ(said.find("WEFT_REPLAY=", first + 1), std::string::npos) << said;
}

// Every worker met the crash and said it, the same report once per worker; the first to
// end says it now, and the others end silently.
TEST(Crashes, WithWorkersACrashEveryWorkerMeetsIsReportedOnce) {
  int status = 0;
  const std::string said = in_child(
      [] {
        weft::options opt = weft_test::options_for(2000);
        opt.workers = 2;
        weft::explore(opt, always_crashing_body);
      },
      &status);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) << said;
  const auto first = said.find("WEFT_REPLAY=");
  ASSERT_NE(first, std::string::npos) << said;
  EXPECT_EQ(said.find("WEFT_REPLAY=", first + 1), std::string::npos) << said;
}

// The watchdog: an execution that stops reaching scheduling points (a thread blocked in
// something weft does not simulate, or looping without a weft operation) ends in a stall
// report with a replay token, and the process exits with status 124, instead of hanging
// without a word. Each scenario runs in a forked child, so that the test can read what
// it printed and replay the token it gave in another child.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <future>
#include <mutex>
#include <regex>
#include <string>

#include <weft/weft.hpp>

#include "api/claiming_workers.hpp"
#include "support.hpp"

using weft_test::options_for;

namespace {

struct ended {
  int status = -1;  // exit status, or -1 if killed by a signal
  std::string said;  // its stderr
};

// Runs `run` in a forked child with stderr captured; gives up (kills it) after 20 s.
ended in_child(const std::function<void()>& run) {
  int pipe_ends[2];
  if (::pipe(pipe_ends) != 0) return {};
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    ::dup2(pipe_ends[1], STDERR_FILENO);
    ::close(pipe_ends[0]);
    ::alarm(20);
    run();
    ::_exit(0);
  }
  ::close(pipe_ends[1]);
  ended result;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0;) result.said.append(buffer, static_cast<std::size_t>(n));
  ::close(pipe_ends[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

weft::options watched(std::uint64_t iterations) {
  weft::options opt = options_for(iterations);
  opt.stall_timeout = 0.3;
  return opt;
}

std::string token_in(const std::string& text) {
  std::smatch m;
  return std::regex_search(text, m, std::regex("WEFT_REPLAY=(W2[A-Za-z0-9_-]+)")) ? m[1].str() : std::string();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Two threads hold a std::mutex (which weft does not simulate) across a scheduling
// point: when one blocks on it, the one OS thread all simulated threads share is stuck.
void std_mutex_across_a_point() {
  std::mutex real;
  auto hold_across_yield = [&] {
    real.lock();
    weft::this_thread::yield();
    real.unlock();
  };
  weft::thread other(hold_across_yield);
  hold_across_yield();
  other.join();
}

}  // namespace

TEST(Stall, AThreadBlockedInAStdMutexIsReportedWithItsTokenAndTheTokenReplaysIt) {
  const ended found = in_child([] { (void)weft::explore(watched(1000), std_mutex_across_a_point); });
  EXPECT_EQ(found.status, 124) << found.said;
  EXPECT_TRUE(contains(found.said, "weft: stall")) << found.said;
  EXPECT_TRUE(contains(found.said, "is blocked outside weft")) << found.said;
  EXPECT_TRUE(contains(found.said, "Its last weft operation: yield at") ||
              contains(found.said, "It has made no weft operation yet"))
      << found.said;
  const std::string token = token_in(found.said);
  ASSERT_FALSE(token.empty()) << found.said;

  const ended again = in_child([&] {
    weft::options opt;
    opt.stall_timeout = 0.3;
    (void)weft::replay(token, std_mutex_across_a_point, opt);
  });
  EXPECT_EQ(again.status, 124) << again.said;
  EXPECT_TRUE(contains(again.said, "is blocked outside weft")) << again.said;
  EXPECT_EQ(token_in(again.said), token) << again.said;
}

// Two workers of one exploration that both stall: only the one that claims the report
// says it (each runs its explore in a child of its own here, as a worker does).
TEST(Stall, OfTwoWorkersThatStallOnlyTheClaimantSaysItsReport) {
  const ended found = in_child([] {
    const int status =
        weft_test::run_as_two_workers([] { (void)weft::explore(watched(1000), std_mutex_across_a_point); });
    ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
  });
  EXPECT_EQ(found.status, 124) << found.said;
  const auto first = found.said.find("weft: stall");
  ASSERT_NE(first, std::string::npos) << found.said;
  EXPECT_EQ(found.said.find("weft: stall", first + 1), std::string::npos) << found.said;
}

TEST(Stall, AFutureThatIsNeverReadyIsReported) {
  const ended found = in_child([] {
    (void)weft::explore(watched(1000), [] {
      std::promise<int> promise;
      std::future<int> result = promise.get_future();
      weft::thread producer([&] {
        weft::this_thread::yield();
        promise.set_value(1);
      });
      (void)result.get();  // blocks the OS thread before the producer ran
      producer.join();
    });
  });
  EXPECT_EQ(found.status, 124) << found.said;
  EXPECT_TRUE(contains(found.said, "t0 (main) is blocked outside weft, in the system call futex")) << found.said;
  EXPECT_TRUE(contains(found.said, "(or weft::replay(token, body))")) << "explore() was given a body\n" << found.said;
}

TEST(Stall, ASpinOnAPlainVariableIsReportedAsRunning) {
  const ended found = in_child([] {
    (void)weft::explore(watched(1000), [] {
      volatile bool go = false;
      weft::thread spinner([&] {
        while (!go) {
        }
      });
      weft::this_thread::yield();
      go = true;
      spinner.join();
    });
  });
  EXPECT_EQ(found.status, 124) << found.said;
  EXPECT_TRUE(contains(found.said, "t1 (thread-1) runs without reaching a scheduling point")) << found.said;
}

// A destructor that spins while the execution is torn down: the failure that started the
// teardown is in the stall report, never lost.
TEST(Stall, AStallDuringTheTeardownKeepsTheFailureFound) {
  const ended found = in_child([] {
    (void)weft::explore(watched(10), [] {
      struct spins_when_destroyed {
        volatile bool done = false;
        ~spins_when_destroyed() {
          while (!done) {
          }
        }
      };
      spins_when_destroyed s;
      WEFT_ASSERT(false, "the bug that was found");
    });
  });
  EXPECT_EQ(found.status, 124) << found.said;
  EXPECT_TRUE(contains(found.said, "the bug that was found")) << found.said;
  EXPECT_FALSE(token_in(found.said).empty()) << found.said;
}

TEST(Stall, AHealthyExplorationIsNotReported) {
  const ended found = in_child([] {
    const weft::report r = weft::explore(watched(200), weft_test::lost_update);
    std::_Exit(r.kind() == weft::failure_kind::assertion ? 0 : 1);
  });
  EXPECT_EQ(found.status, 0) << found.said;
}

// Inside a WEFT_TEST the stall's replay line reruns the test by itself.
TEST(Stall, TheReplayLineCarriesTheRerunCommandOfTheTest) {
  const ended child = in_child([] {
    const weft::detail::rerun_command_scope rerun(" ./tests --gtest_filter=Suite.Stalls");
    weft::explore(watched(100), std_mutex_across_a_point);
  });
  EXPECT_EQ(child.status, 124) << child.said;
  EXPECT_TRUE(std::regex_search(child.said, std::regex("WEFT_REPLAY=W2[A-Za-z0-9_-]+ \\./tests --gtest_filter=Suite\\.Stalls")))
      << child.said;
}

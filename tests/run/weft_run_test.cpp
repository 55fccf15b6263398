// weft-run on programs written without weft: it finds their bugs from scratch, the
// replay command it prints reproduces them, the fixed programs pass, and bad usage is a
// clear error with exit status 2.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

struct run_result {
  int status = -1;  // weft-run's exit status
  std::string output;  // stdout and stderr
};

// `seconds`: how long it may take before it is stopped (status 124), if not 0. `piped`:
// what a pipe gives weft-run as its standard input, if not empty.
run_result weft_run(const std::string& arguments, int seconds = 0, const std::string& piped = {}) {
  const std::string limit = seconds > 0 ? "timeout " + std::to_string(seconds) + " " : std::string();
  const std::string pipe_in = piped.empty() ? std::string() : "printf '" + piped + "' | ";
  const std::string command = pipe_in + limit + std::string(WEFT_RUN_PATH) + " " + arguments + " 2>&1";
  run_result result;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.output.append(buffer, n);
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string program(const char* name) { return std::string(WEFT_RUN_PROGRAMS) + "/" + name; }

// The replay command weft-run printed, without the program part.
std::string replay_arguments(const std::string& output) {
  const auto at = output.rfind("weft-run --replay ");  // the last line, not a crash report's hint
  if (at == std::string::npos) return {};
  const auto token_start = at + std::string("weft-run ").size();
  const auto end = output.find(" -- ", token_start);
  return output.substr(token_start, end - token_start);
}

}  // namespace

TEST(WeftRun, FindsALostUpdateInACProgramAndTheReplayCommandReproducesIt) {
  const run_result found = weft_run("--iterations 2000 -- " + program("lost_update"));
  ASSERT_EQ(found.status, 1) << found.output;
  EXPECT_NE(found.output.find("assert(counter == 2) failed"), std::string::npos) << found.output;
  EXPECT_NE(found.output.find("lost_update.c:"), std::string::npos) << found.output;
  const std::string replay = replay_arguments(found.output);
  ASSERT_FALSE(replay.empty()) << found.output;
  const run_result again = weft_run(replay + " -- " + program("lost_update"));
  EXPECT_EQ(again.status, 1) << again.output;
  EXPECT_NE(again.output.find("assert(counter == 2) failed"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("counter = 1"), std::string::npos) << "a replay shows the program's output\n"
                                                                  << again.output;
  // The report's replay line is weft-run's command: the program has no body to pass weft::replay.
  EXPECT_EQ(again.output.find("weft::replay("), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("replay: weft-run --replay "), std::string::npos) << again.output;
}

TEST(WeftRun, TheFixedCProgramPasses) {
  const run_result fixed = weft_run("--iterations 2000 --workers 2 -- " + program("lost_update_fixed"));
  EXPECT_EQ(fixed.status, 0) << fixed.output;
  EXPECT_NE(fixed.output.find("no failure in 2000 executions"), std::string::npos) << fixed.output;
  // --show-output lets the program's output through in every execution.
  const run_result shown = weft_run("--show-output --iterations 5 -- " + program("lost_update_fixed"));
  std::size_t lines = 0;
  for (auto at = shown.output.find("counter = 2"); at != std::string::npos; at = shown.output.find("counter = 2", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 5u) << shown.output;
}

// The child's program ends its process, so its execution cannot be run again tracked:
// weft-run tracks the memory model from the first execution on.
TEST(WeftRun, FindsAStaleReadOfRelaxedAtomicsAndTheReplayCommandReproducesIt) {
  const run_result found = weft_run("--iterations 500 -- " + program("relaxed_message"));
  ASSERT_EQ(found.status, 1) << found.output;
  EXPECT_NE(found.output.find("relaxed_message.c:"), std::string::npos) << found.output;
  EXPECT_NE(found.output.find("stale read"), std::string::npos) << found.output;
  const std::string replay = replay_arguments(found.output);
  ASSERT_FALSE(replay.empty()) << found.output;
  const run_result again = weft_run(replay + " -- " + program("relaxed_message"));
  EXPECT_EQ(again.status, 1) << again.output;
  const run_result fixed = weft_run("--iterations 500 -- " + program("relaxed_message_fixed"));
  EXPECT_EQ(fixed.status, 0) << fixed.output;
}

// Compiled with -fsanitize=thread, a program's plain accesses are checked against
// happens-before: the unlocked total is a data race, found and replayed. The fixed program
// passes: the function-local static its threads share (initialized by one of them, under
// the C++ library's guard) and the std::thread states they free are no race.
TEST(WeftRun, FindsADataRaceOnAPlainGlobalAndTheReplayCommandReproducesIt) {
  const run_result found = weft_run("--iterations 500 -- " + program("shared_settings"));
  ASSERT_EQ(found.status, 1) << found.output;
  EXPECT_NE(found.output.find("data race on"), std::string::npos) << found.output;
  EXPECT_NE(found.output.find("shared_settings.cpp:34"), std::string::npos) << found.output;
  const std::string replay = replay_arguments(found.output);
  ASSERT_FALSE(replay.empty()) << found.output;
  const run_result again = weft_run(replay + " -- " + program("shared_settings"));
  EXPECT_EQ(again.status, 1) << again.output;
  EXPECT_NE(again.output.find("data race on"), std::string::npos) << again.output;
  for (const char* strategy : {"random", "pct", "pos"}) {
    const run_result fixed =
        weft_run(std::string("--strategy ") + strategy + " --iterations 500 -- " + program("shared_settings_fixed"));
    EXPECT_EQ(fixed.status, 0) << strategy << "\n" << fixed.output;
  }
}

// The program's exit handlers run inside the execution, as exit() runs them once main has
// returned: a detached thread that still logs while a static log is destroyed is a data
// race, found and replayed; joined first, it is none, and the atexit() handler runs too.
TEST(WeftRun, FindsAThreadUsingAStaticObjectAsExitDestroysIt) {
  const run_result found = weft_run("--iterations 500 -- " + program("static_logger"));
  ASSERT_EQ(found.status, 1) << found.output;
  EXPECT_NE(found.output.find("data race on"), std::string::npos) << found.output;
  EXPECT_NE(found.output.find("static_logger.cpp:15"), std::string::npos) << "the destructor's line\n" << found.output;
  const std::string replay = replay_arguments(found.output);
  ASSERT_FALSE(replay.empty()) << found.output;
  const run_result again = weft_run(replay + " -- " + program("static_logger"));
  EXPECT_EQ(again.status, 1) << again.output;
  EXPECT_NE(again.output.find("static_logger.cpp:15"), std::string::npos) << again.output;
  for (const char* strategy : {"random", "pct", "pos"}) {
    const run_result fixed =
        weft_run(std::string("--strategy ") + strategy + " --iterations 500 -- " + program("static_logger_fixed"));
    EXPECT_EQ(fixed.status, 0) << strategy << "\n" << fixed.output;
  }
  const run_result shown = weft_run("--show-output --iterations 1 -- " + program("static_logger_fixed"));
  EXPECT_NE(shown.output.find("the exit handler ran"), std::string::npos) << shown.output;
}

// A thread a static object started before main exists in no execution (each is a copy
// of the program forked before main): weft-run says so instead of exploring without it.
TEST(WeftRun, AThreadStartedBeforeMainIsAClearError) {
  const run_result refused = weft_run("--iterations 5 -- " + program("thread_before_main"), 60);
  EXPECT_EQ(refused.status, 2) << refused.output;
  EXPECT_NE(refused.output.find("started 1 thread(s) before main"), std::string::npos) << refused.output;
}

// fflush(NULL) at the program's end waited for stdout's lock, which the parked logger
// held: weft-run hung, silent (and its stall report, reading /proc through a stream,
// waited for the list of streams the flush held).
TEST(WeftRun, AProgramThatEndsWhileAThreadHoldsAStreamLockEnds) {
  const run_result ran = weft_run("--iterations 30 -- " + program("stream_lock"), 120);
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("no failure in 30 executions"), std::string::npos) << ran.output;
}

TEST(WeftRun, FindsADeadlockOfStdThreadsWithEveryStrategy) {
  for (const char* strategy : {"random", "pct", "pos"}) {
    const run_result found = weft_run(std::string("--strategy ") + strategy + " --iterations 2000 -- " +
                                      program("lock_order"));
    EXPECT_EQ(found.status, 1) << strategy << "\n" << found.output;
    EXPECT_NE(found.output.find("deadlock"), std::string::npos) << strategy << "\n" << found.output;
    EXPECT_NE(found.output.find("lock_order.cpp:"), std::string::npos) << strategy << "\n" << found.output;
  }
  const run_result fixed = weft_run("--iterations 1000 -- " + program("lock_order_fixed"));
  EXPECT_EQ(fixed.status, 0) << fixed.output;
}

TEST(WeftRun, FindsACheckThenActRaceAcrossReadWriteLocksSemaphoresBarriersAndSpinLocks) {
  const run_result found = weft_run("--iterations 2000 -- " + program("posix_primitives"));
  EXPECT_EQ(found.status, 1) << found.output;
  EXPECT_NE(found.output.find("assert(balance >= 0) failed"), std::string::npos) << found.output;
  // Found with more deviations than it needs: the summary says what minimizing did, in
  // the report's own words (fewer deviations may take more steps: it said "shrunk").
  EXPECT_NE(found.output.find("; schedule minimized: "), std::string::npos) << found.output;
  EXPECT_NE(found.output.find(" from the default schedule and "), std::string::npos) << found.output;
  const run_result fixed = weft_run("--iterations 2000 --workers 2 -- " + program("posix_primitives_fixed"));
  EXPECT_EQ(fixed.status, 0) << fixed.output;
}

// The token of an execution that crashed reached only its own stderr, which exploring
// executions do not show: weft-run said the token "is above", and nothing was.
TEST(WeftRun, ACrashIsReportedWithAReplayCommandThatReproducesIt) {
  const run_result found = weft_run("--iterations 500 -- " + program("crash"));
  ASSERT_EQ(found.status, 1) << found.output;
  EXPECT_NE(found.output.find("which was killed by signal 11"), std::string::npos) << found.output;
  EXPECT_NE(found.output.find("SIGSEGV"), std::string::npos) << "the crash's own report\n" << found.output;
  EXPECT_EQ(found.output.find("did not happen again"), std::string::npos) << found.output;
  const std::string replay = replay_arguments(found.output);
  ASSERT_FALSE(replay.empty()) << found.output;
  const run_result again = weft_run(replay + " -- " + program("crash"));
  EXPECT_EQ(again.status, 1) << again.output;
  EXPECT_NE(again.output.find("the replay was killed by signal 11"), std::string::npos) << again.output;
  const run_result fixed = weft_run("--iterations 500 -- " + program("crash_fixed"));
  EXPECT_EQ(fixed.status, 0) << fixed.output;
}

// A stall's token, as a crash's, went to the exploring execution's hidden stderr.
TEST(WeftRun, AStallIsReportedWithAReplayCommandThatReproducesIt) {
  const char* before = std::getenv("WEFT_STALL_TIMEOUT");
  const std::string kept = before != nullptr ? before : "";
  ::setenv("WEFT_STALL_TIMEOUT", "0.5", 1);
  const run_result found = weft_run("--iterations 5 -- " + program("stall"));
  const std::string replay = replay_arguments(found.output);
  const run_result again = weft_run(replay + " -- " + program("stall"));
  if (before != nullptr) {
    ::setenv("WEFT_STALL_TIMEOUT", kept.c_str(), 1);
  } else {
    ::unsetenv("WEFT_STALL_TIMEOUT");
  }
  ASSERT_EQ(found.status, 1) << found.output;
  EXPECT_NE(found.output.find("weft: stall"), std::string::npos) << "the stall's own report\n" << found.output;
  EXPECT_NE(found.output.find("which exited with status 124"), std::string::npos) << found.output;
  // It names the call the thread waits in, and no replay a program without a body cannot use.
  EXPECT_NE(found.output.find("blocked outside weft, in the system call rt_sigtimedwait (a signal)"),
            std::string::npos)
      << found.output;
  EXPECT_EQ(found.output.find("weft::replay(token, body)"), std::string::npos) << found.output;
  ASSERT_FALSE(replay.empty()) << found.output;
  EXPECT_EQ(again.status, 1) << again.output;
  EXPECT_NE(again.output.find("weft: stall"), std::string::npos) << again.output;
}

// A livelock's verdict line, from the child that found it, carries a token of 100,000
// steps, more than a pipe holds: the child blocked writing it while weft-run waited for
// the child to end, silent for ever. (The token reported is the minimized one, shorter.)
TEST(WeftRun, AVerdictLargerThanAPipeHoldsIsReported) {
  const run_result found = weft_run("--iterations 3 -- " + program("livelock"), 120);
  ASSERT_EQ(found.status, 1) << found.output;
  EXPECT_NE(found.output.find("weft: livelock"), std::string::npos) << found.output;
  const std::string replay = replay_arguments(found.output);
  ASSERT_FALSE(replay.empty()) << found.output;
  const run_result again = weft_run(replay + " -- " + program("livelock"), 120);
  EXPECT_EQ(again.status, 1) << again.output;
  EXPECT_NE(again.output.find("weft: livelock"), std::string::npos) << again.output;
}

// A test-and-set spin lock built with -fsanitize=thread passes under every strategy:
// under PCT it was a livelock (see programs/flag_lock.c).
TEST(WeftRun, ATestAndSetSpinLockIsNotALivelock) {
  for (const char* strategy : {"pct", "pos", "random"}) {
    const run_result r = weft_run(std::string("--strategy ") + strategy + " --iterations 300 -- " + program("flag_lock"), 120);
    EXPECT_EQ(r.status, 0) << strategy << "\n" << r.output;
  }
}

TEST(WeftRun, ANonZeroExitStatusIsAFailureOnlyWhenAskedFor) {
  const run_result ignored = weft_run("--iterations 500 -- " + program("exit_status"));
  EXPECT_EQ(ignored.status, 0) << ignored.output;
  const run_result found = weft_run("--fail-on-exit-status --iterations 500 -- " + program("exit_status"));
  EXPECT_EQ(found.status, 1) << found.output;
  EXPECT_NE(found.output.find("the program exited with status 3"), std::string::npos) << found.output;
  // At the program's main, not at weft-run's own line that ends the program.
  EXPECT_NE(found.output.find("status 3\n  at "), std::string::npos) << found.output;
  EXPECT_NE(found.output.find("exit_status.c:"), std::string::npos) << found.output;
  EXPECT_EQ(found.output.find("program.cpp"), std::string::npos) << found.output;
  // The replay command keeps the option: without it the status is no failure.
  const std::string replay = replay_arguments(found.output);
  EXPECT_NE(replay.find("--fail-on-exit-status"), std::string::npos) << found.output;
  const run_result again = weft_run(replay + " -- " + program("exit_status"));
  EXPECT_EQ(again.status, 1) << again.output;
  EXPECT_NE(again.output.find("the program exited with status 3"), std::string::npos) << again.output;
  // exit(256) ends a process with status 0.
  const run_result wraps = weft_run("--fail-on-exit-status --iterations 200 -- " + program("exit_status_wraps"));
  EXPECT_EQ(wraps.status, 0) << wraps.output;
}

// A shell ends with _exit: the end of its program, not a crash without a verdict.
TEST(WeftRun, AProgramThatEndsWithUnderscoreExitEndsThere) {
  const run_result passes = weft_run("--iterations 5 -- /bin/sh -c 'exit 0'");
  EXPECT_EQ(passes.status, 0) << passes.output;
  EXPECT_NE(passes.output.find("no failure in 5 executions"), std::string::npos) << passes.output;
  const run_result fails = weft_run("--fail-on-exit-status --iterations 5 -- /bin/sh -c 'exit 3'");
  EXPECT_EQ(fails.status, 1) << fails.output;
  EXPECT_NE(fails.output.find("the program exited with status 3"), std::string::npos) << fails.output;
}

// Children forked from one process share one position in its standard input: the
// second execution found the input read already.
TEST(WeftRun, EveryExecutionReadsTheWholeStandardInput) {
  const std::string input = ::testing::TempDir() + "weft_run_numbers.txt";
  std::ofstream(input) << "1 2 3\n4\n";
  const run_result ran = weft_run("--iterations 20 --workers 2 -- " + program("stdin_sum") + " < " + input);
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("no failure in 20 executions"), std::string::npos) << ran.output;
  std::remove(input.c_str());
}

// libstdc++'s future::get waits through std::call_once, that is through weft-run's own
// pthread_once: the report named weft's once.cpp as main's line, not the program's.
TEST(WeftRun, AWaitReachedThroughWeftsOwnFunctionsNamesTheProgramsLine) {
  const run_result found = weft_run("-- " + program("future_under_lock"), 120);
  ASSERT_EQ(found.status, 1) << found.output;
  EXPECT_NE(found.output.find("deadlock"), std::string::npos) << found.output;
  const auto main_row = found.output.find("t0 main      blocked");
  ASSERT_NE(main_row, std::string::npos) << found.output;
  const std::string row = found.output.substr(main_row, found.output.find('\n', main_row) - main_row);
  EXPECT_NE(row.find("future_under_lock.cpp:"), std::string::npos) << row;
  EXPECT_EQ(found.output.find("once.cpp"), std::string::npos) << found.output;
  EXPECT_EQ(weft_run("-- " + program("future_under_lock_fixed"), 120).status, 0);
}

// A failure that does not happen again when replayed is still described: what it was
// and where, and what the replay did instead.
TEST(WeftRun, AFailureThatDoesNotReplaySaysWhatItWas) {
  const std::string marker = ::testing::TempDir() + "weft_run_fails_once_" + std::to_string(::getpid());
  std::remove(marker.c_str());
  const run_result found = weft_run("-- " + program("fails_once") + " " + marker, 120);
  std::remove(marker.c_str());
  EXPECT_EQ(found.status, 1) << found.output;
  EXPECT_NE(found.output.find("the failure found in execution 1, an assertion at fails_once.c:13, did not happen "
                              "again when its schedule was replayed (no failure then)"),
            std::string::npos)
      << found.output;
}

// A shell script's commands run as usual: weft-run's variables (the preload among them)
// are gone before the script starts. bash has its own unsetenv, which left them in place,
// so that every command it started ran as an exploration of its own (/bin/false passed).
TEST(WeftRun, AShellScriptsCommandsRunWithoutWeft) {
  const run_result ran =
      weft_run("--show-output --iterations=3 -- /bin/bash -c '/bin/false; echo \"false: $?\"; env | grep -c WEFT_RUN'");
  EXPECT_EQ(ran.status, 0) << ran.output;
  std::size_t lines = 0;
  for (auto at = ran.output.find("false: 1\n0\n"); at != std::string::npos; at = ran.output.find("false: 1\n0\n", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 3u) << ran.output;
}

// weft-run binds the program's calls at its start (LD_BIND_NOW, a matter of speed only),
// and takes that out of what the program starts, unless it was the user's own setting.
TEST(WeftRun, TheProgramsCommandsSeeTheUsersLazyBindingSetting) {
  const char* users = std::getenv("LD_BIND_NOW");
  const std::string kept = users != nullptr ? users : "";
  const std::string script = "-- /bin/bash -c 'echo \"bind now: ${LD_BIND_NOW-unset}\"'";
  ::unsetenv("LD_BIND_NOW");
  const run_result lazy = weft_run("--show-output --iterations=2 " + script);
  ::setenv("LD_BIND_NOW", "yes", 1);
  const run_result eager = weft_run("--show-output --iterations=2 " + script);
  if (users != nullptr) {
    ::setenv("LD_BIND_NOW", kept.c_str(), 1);
  } else {
    ::unsetenv("LD_BIND_NOW");
  }
  EXPECT_EQ(lazy.status, 0) << lazy.output;
  EXPECT_NE(lazy.output.find("bind now: unset\n"), std::string::npos) << lazy.output;
  EXPECT_EQ(eager.status, 0) << eager.output;
  EXPECT_NE(eager.output.find("bind now: yes\n"), std::string::npos) << eager.output;
}

// A pipe gives its data to one reader: read by the first execution, it was gone for the
// second, a false failure whose token did not replay.
TEST(WeftRun, EveryExecutionReadsTheWholeStandardInputFromAPipe) {
  const run_result ran = weft_run("--iterations 20 --workers 2 -- " + program("stdin_sum"), 120, "1 2 3\\n4\\n");
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("no failure in 20 executions"), std::string::npos) << ran.output;
}

TEST(WeftRun, BadUsageIsAClearErrorWithStatusTwo) {
  const struct {
    std::string arguments;
    const char* says;
  } cases[] = {
      {"--iterations 10", "no program to run"},
      {"--frobnicate -- " + program("lost_update"), "unknown option \"--frobnicate\""},
      {"--replay -- " + program("lost_update"), "--replay needs a value"},
      {"--iterations lots -- " + program("lost_update"), "--iterations needs a whole number"},
      {"-- /no/such/program", "cannot run /no/such/program"},
      {"--strategy dfs -- " + program("lost_update"), "weft-run explores with random, pct or pos"},
      {"--strategy portfolio -- " + program("lost_update"), "portfolio builds on the executions before it"},
      {"--strategy feedback -- " + program("lost_update"), "feedback builds on the executions before it"},
      {"--strategy chaos -- " + program("lost_update"), "--strategy is random, pct (pct:depth=N) or pos, not \"chaos\""},
      {"--replay '' -- " + program("lost_update"), "--replay needs a token, not an empty value"},
      {"--replay garbage -- " + program("lost_update"), "--replay: weft: invalid replay token"},
      {"--replay W2EwGgjQYBCA -- " + program("lost_update"), "--replay: weft: invalid replay token"},
      {"-- " + program("lost_update_static"), "ran without weft (is it statically linked?"},
      // Errors from the program's weft name weft-run's option and strategies.
      {"--strategy pct:depth=0 -- " + program("lost_update"),
       "--strategy \"pct:depth=0\" is not a strategy: depth must be a whole number from 1 to 64 (weft-run's "
       "strategies: random, pct, pct:depth=N, pos)"},
      {"--workers=0 -- " + program("lost_update"), "--workers is 0; it must be from 1 to"},
      {"--show-output=yes -- " + program("lost_update"), "--show-output takes no value"},
  };
  for (const auto& c : cases) {
    const run_result r = weft_run(c.arguments);
    EXPECT_EQ(r.status, 2) << c.arguments << "\n" << r.output;
    EXPECT_NE(r.output.find(c.says), std::string::npos) << c.arguments << "\n" << r.output;
  }
}

// An exception that escapes a thread of an unmodified program is reported at its throw:
// libweft_run.so's __cxa_throw notes where each simulated thread throws.
TEST(WeftRun, AnUncaughtExceptionIsReportedWhereItWasThrown) {
  const run_result found = weft_run("--iterations 300 -- " + program("uncaught_throw"), 120);
  ASSERT_EQ(found.status, 1) << found.output;
  EXPECT_NE(found.output.find("std::out_of_range: take from an empty pile"), std::string::npos) << found.output;
  EXPECT_NE(found.output.find("/uncaught_throw.cpp:16\n"), std::string::npos) << found.output;
  EXPECT_EQ(weft_run("--iterations 300 -- " + program("uncaught_throw_fixed"), 120).status, 0);
}

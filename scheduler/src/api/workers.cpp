// WEFT_WORKERS: one exploration over several forked processes.
//
// Each worker is its own process, so the body needs no thread safety; the workers take
// disjoint executions (see share.hpp) and report two lines each through a pipe: how it
// went, and its statistics, which the parent merges (a schedule two workers both ran
// counts once); then a GTEST_SKIP() of its executions, if any, which the parent keeps for
// WEFT_TEST. The first failure stops the others; the parent replays its token to build
// the report, so the report is the same as a single process would print.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <weft/errors.hpp>

#include "api/last_report.hpp"
#include "api/share.hpp"
#include "report/report_builder.hpp"
#include "strategy/strategy.hpp"

WEFT_BEGIN_NAMESPACE

namespace {

struct worker {
  pid_t pid;
  int from;  // read end of its pipe
  std::string said;
  bool finished = false;
  bool died = false;  // ended without a line: crashed, or stopped by its watchdog
};

// A worker died without a report, its own crash or stall report above: the exploring
// process ends as it would have without workers, by the worker's signal or with the
// watchdog's status 124. Returns if the worker ended otherwise.
void end_as_the_worker_did(pid_t dead) {
  int status = 0;
  if (::waitpid(dead, &status, 0) != dead) return;
  std::fflush(nullptr);
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    ::signal(signal, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signal);
    ::pthread_sigmask(SIG_UNBLOCK, &only, nullptr);
    ::raise(signal);
    ::_exit(128 + signal);  // a signal whose default is not to end the process
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 124) ::_exit(124);
}

// A GTEST_SKIP() the worker's executions made (detail::keep_test_skip), said after its
// two lines: "skip <line> <file>", then the message up to the end (it may span lines).
std::string said_skip() {
  const auto skip = detail::take_test_skip();
  if (!skip) return "";
  return "skip " + std::to_string(skip->where.line) + " " + skip->where.file + "\n" + skip->message;
}

// Keeps in this process the skip a worker said (see said_skip), for the caller of explore().
void keep_skip_said(std::istream& said) {
  std::string tag, file;
  unsigned line = 0;
  if (!(said >> tag >> line) || tag != "skip") return;
  said.ignore(1);
  std::getline(said, file);
  std::string message{std::istreambuf_iterator<char>(said), std::istreambuf_iterator<char>()};
  detail::keep_test_skip({std::move(message), {std::move(file), line}});
}

// Runs in the child: explores its part and says how it went, then leaves at once (no
// static destructors, no buffered output of the parent flushed twice).
[[noreturn]] void run_worker(const options& opt, const std::function<void()>& body, const share& mine, int to) {
  std::string line;
  try {
    options own = opt;
    own.workers = 1;
    own.quiet = true;
    detail::exploration_statistics counted;
    const report r = explore_share(own, body, mine, &counted);
    line = std::string(r.failed() ? "fail " : "ok ") + std::to_string(r.executions()) + " " +
           (r.failed() ? r.replay_token() : "-") + "\n" + counted.encode() + "\n" + said_skip();
  } catch (const resource_error& e) {
    line = std::string("refused 0 ") + e.what() + "\n";
  } catch (const std::exception& e) {
    line = std::string("error 0 ") + e.what() + "\n";
  }
  for (std::size_t done = 0; done < line.size();) {
    const ssize_t n = ::write(to, line.data() + done, line.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::_exit(0);
}

}  // namespace

report explore_in_workers(const options& opt, const std::function<void()>& body) {
  std::fflush(stdout);
  std::fflush(stderr);
  const detail::shared_report_claim one_report;  // a crash or stall met by several workers is said once
  std::vector<worker> workers;
  for (std::uint64_t w = 0; w < opt.workers; ++w) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("weft: cannot create a pipe for a worker");
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("weft: cannot fork a worker");
    if (pid == 0) {
      one_report.enter_in_worker();
      ::close(fds[0]);
      // The parent stops a worker with SIGTERM once another has failed: whatever the
      // program did with SIGTERM, it ends a worker.
      ::signal(SIGTERM, SIG_DFL);
      sigset_t terminate;
      sigemptyset(&terminate);
      sigaddset(&terminate, SIGTERM);
      ::pthread_sigmask(SIG_UNBLOCK, &terminate, nullptr);
      run_worker(opt, body, share{opt.shard_index, opt.shard_count, w, opt.workers}, fds[1]);
    }
    ::close(fds[1]);
    workers.push_back({pid, fds[0], {}});
  }

  std::uint64_t executions = 0;
  detail::exploration_statistics statistics;
  std::string failing_token;
  std::string error;
  bool refused = false;  // the error is a worker's resource_error
  std::size_t open = workers.size();
  while (open > 0) {
    std::vector<pollfd> waiting;
    for (const worker& w : workers) {
      if (!w.finished) waiting.push_back({w.from, POLLIN, 0});
    }
    if (::poll(waiting.data(), waiting.size(), -1) < 0) continue;
    for (worker& w : workers) {
      if (w.finished) continue;
      char buffer[4096];
      pollfd probe{w.from, POLLIN, 0};
      if (::poll(&probe, 1, 0) <= 0) continue;
      const ssize_t n = ::read(w.from, buffer, sizeof buffer);
      if (n > 0) {
        w.said.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      w.finished = true;
      --open;
      ::close(w.from);
      std::istringstream said(w.said);
      std::string outcome, token, counted;
      std::uint64_t ran = 0;
      said >> outcome >> ran;
      std::getline(said >> std::ws, token);
      std::getline(said, counted);
      executions += ran;
      // Only a worker that explored sends statistics; an error's text may hold anything.
      if ((outcome == "ok" || outcome == "fail") && !counted.empty()) {
        statistics.merge(detail::exploration_statistics::decode(counted));
        keep_skip_said(said);
      }
      if (outcome == "fail" && failing_token.empty()) {
        failing_token = token;
        for (const worker& other : workers) {
          if (!other.finished) ::kill(other.pid, SIGTERM);
        }
      } else if ((outcome == "error" || outcome == "refused") && error.empty()) {
        error = token;
        refused = outcome == "refused";
      } else if (outcome.empty() && error.empty() && failing_token.empty()) {
        error = "weft: a worker process died without a report (see its crash report above, with its replay token)";
        w.died = true;
        // The worker that claimed the report may still be writing it: left to end.
        const pid_t claimant = one_report.claimant();
        for (const worker& other : workers) {
          if (!other.finished && other.pid != claimant) ::kill(other.pid, SIGTERM);
        }
      }
    }
  }
  const auto died = std::find_if(workers.begin(), workers.end(), [](const worker& w) { return w.died; });
  if (died != workers.end() && failing_token.empty()) {
    const pid_t claimant = one_report.claimant();
    end_as_the_worker_did(claimant != 0 ? claimant : died->pid);  // the one whose report was said
  }
  for (const worker& w : workers) ::waitpid(w.pid, nullptr, 0);
  // A worker's error is the what() of the exception it caught; weft's own start with "weft: " already.
  if (!error.empty() && failing_token.empty()) {
    if (refused) throw resource_error(error);  // the system's limit, as in one process
    throw std::runtime_error(error.rfind("weft: ", 0) == 0 ? error : "weft: a worker process failed: " + error);
  }

  const std::string strategy =
      detail::make_strategy(opt.strategy, opt.seed)->describe() + " x" + std::to_string(opt.workers) + " workers";
  report result = failing_token.empty() ? report() : replay(failing_token, body, opt);
  report_builder::describe_run(result, executions, opt.seed, strategy, failing_token, opt.report_events);
  describe(result, statistics, 0);
  return result;
}

WEFT_END_NAMESPACE

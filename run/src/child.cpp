#include "child.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include <weft/explore.hpp>

#include "api/backends.hpp"
#include "api/crash_guard.hpp"
#include "api/lazy_tracking.hpp"
#include "api/recording.hpp"
#include "api/watchdog.hpp"
#include "program.hpp"
#include "strategy/guided.hpp"

namespace weft::run {

namespace {

verdict verdict_of(const report& r, const std::string& token) {
  verdict v;
  if (!r.failed()) return v;
  v.failed = true;
  v.kind = static_cast<int>(r.kind());
  v.steps = r.steps() != 0 ? r.steps() : r.found_steps();  // a found one not replayed says found_steps
  v.line = r.location().line;
  v.file = r.location().file;
  v.token = token;
  return v;
}

// One execution guided by `job.deviations`, in this process. Guarded as explorations are:
// a candidate that stalls ends (status 124) instead of holding the parent for ever.
verdict run_guided(const options& opt, const child_job& job) {
  const detail::crash_guard crashes;
  const detail::stall_guard stalls(opt.stall_timeout);
  detail::guided_strategy guide(job.deviations);
  const detail::execution_config config = detail::config_of(job.settings);
  detail::execution ex(guide, config, detail::backend_for(opt));
  guide.begin_execution(0);
  ex.run(run_main);
  verdict v;
  if (!ex.failed()) return v;
  const detail::recorded_schedule ran = detail::record(ex, job.settings);
  v.failed = true;
  v.kind = static_cast<int>(ex.failure().kind);
  v.steps = ex.steps();
  v.line = ex.failure().where.line;
  v.file = ex.failure().where.file;
  v.token = detail::encode_token(ran);
  return v;
}

// `stderr_fd`: where stderr goes when the job shows nothing.
[[noreturn]] void run_job(options opt, const child_job& job, int stderr_fd) {
  if (job.output != shown::everything && !the_program.show_output) {
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      ::dup2(null, STDOUT_FILENO);
      ::close(null);
    }
  }
  if (job.output == shown::nothing) {
    ::dup2(stderr_fd, STDERR_FILENO);
    ::close(stderr_fd);
  }
  // The program ends this process: an execution cannot be run again, tracked, after it.
  detail::track_memory_from_the_start();
  const detail::rerun_command_scope rerun("\n  (with weft-run: " + replay_command("<that token>") + ")");
  verdict v;
  if (job.what == child_job::kind::guided) {
    v = run_guided(opt, job);
  } else {
    report found;
    if (job.what == child_job::kind::explore) {
      opt.iterations = job.index + 1;
      opt.shard_index = job.index;
      opt.shard_count = job.index + 1;
      opt.check_determinism = false;  // main runs once per process: the parent replays in another
      opt.minimize_seconds = 0;       // the parent minimizes, each candidate in a child of its own
      opt.workers = 1;
      opt.quiet = true;
      found = weft::explore(opt, run_main);
    } else {
      found = weft::replay(job.token, run_main, opt);
    }
    flush_output_without_waiting();  // what the program printed comes before the report
    const std::string token = job.what == child_job::kind::replay ? job.token : found.replay_token();
    // The report's replay line is weft-run's command, not a weft::replay(token, body) call
    // the program has no body for.
    if (!token.empty()) found.set_replay_command(replay_command(token));
    if (found.failed() && job.output != shown::nothing) std::cerr << found << std::flush;
    v = verdict_of(found, token);
  }
  flush_output_without_waiting();
  write_all(child_verdict_fd, to_line(v));
  ::_exit(v.failed ? 1 : 0);
}

}  // namespace

std::optional<running_child> start_child(const options& opt, const child_job& job) {
  // A memory file, not a pipe: the parent reads it once the child has ended, and a verdict
  // larger than a pipe holds (a livelock's token of 100,000 steps) would block the child
  // in its write while the parent waits for it to end.
  const int verdict = ::memfd_create("weft-run-verdict", MFD_CLOEXEC);
  if (verdict < 0) return std::nullopt;
  const int captured = job.output == shown::nothing ? ::memfd_create("weft-run-stderr", MFD_CLOEXEC) : -1;
  const pid_t pid = job.output == shown::nothing && captured < 0 ? -1 : ::fork();
  if (pid == 0) {
    rewind_input();
    child_verdict_fd = verdict;
    run_job(opt, job, captured);
  }
  if (pid < 0) {
    ::close(verdict);
    if (captured >= 0) ::close(captured);
    return std::nullopt;
  }
  return running_child{pid, verdict, captured, job.index};
}

verdict collect(const running_child& child, int wait_status) {
  const std::string text = ::lseek(child.verdict_fd, 0, SEEK_SET) == 0 ? read_all(child.verdict_fd) : std::string();
  ::close(child.verdict_fd);
  verdict v = from_line(text, wait_status);
  if (child.stderr_fd >= 0) {
    if (!v.crash.empty() && ::lseek(child.stderr_fd, 0, SEEK_SET) == 0) v.token = printed_token(read_all(child.stderr_fd));
    try {
      if (!v.token.empty()) detail::decode_token(v.token);
    } catch (const std::exception&) {
      v.token.clear();  // cut short, or mixed with the program's own output
    }
    ::close(child.stderr_fd);
  }
  return v;
}

verdict run_in_child(const options& opt, const child_job& job) {
  const std::optional<running_child> child = start_child(opt, job);
  verdict v;
  if (!child) {
    v.failed = true;
    v.crash = "could not be started (fork or memfd_create failed)";
    return v;
  }
  int status = 0;
  ::waitpid(child->pid, &status, 0);
  return collect(*child, status);
}

}  // namespace weft::run

// libweft_run.so, preloaded into a program by weft-run: takes over the program's start
// and explores it, each execution a child forked from the program as it stands before
// main (its globals constructed, nothing else run), so every execution starts fresh.
//
// Each child runs one execution of main (child.hpp). When main returns (or a thread calls
// exit), the program's exit handlers run (exit_handlers.hpp) and the program is over: the
// child ends there, as a real process would, whatever its other threads were doing. The
// parent keeps up to `workers` children running and stops at the first failure; it then
// shrinks that failure's schedule (each candidate a child), and replays the result in one
// more child, which prints weft's report and checks that the failure replays.
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <string_view>

#include <weft/detail/sim/thread_core.hpp>
#include <weft/explore.hpp>

#include "api/minimize.hpp"
#include "intercepted_call.hpp"
#include "child.hpp"
#include "exit_handlers.hpp"
#include "execution/execution.hpp"
#include "program.hpp"
#include "protocol.hpp"
#include "threads_before_main.hpp"
#include "support/counted.hpp"

namespace weft::run {

program_info the_program;
int child_verdict_fd = -1;

void write_all(int fd, const std::string& text) {
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  return text;
}

bool capture_input() {
  struct stat input {};
  if (::fstat(STDIN_FILENO, &input) != 0) return true;
  if (S_ISREG(input.st_mode)) {
    const int kept = ::open("/proc/self/fd/0", O_RDONLY | O_CLOEXEC);
    if (kept < 0) return false;
    the_program.input_fd = kept;
    return true;
  }
  if (!S_ISFIFO(input.st_mode) && !S_ISSOCK(input.st_mode)) return true;  // a terminal, /dev/null
  const int copy = ::memfd_create("weft-run standard input", MFD_CLOEXEC);
  if (copy < 0) return false;
  char buffer[65536];
  for (std::size_t total = 0;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    total += static_cast<std::size_t>(n > 0 ? n : 0);
    if (n < 0 || total > largest_piped_input) {
      if (n > 0) errno = EFBIG;
      ::close(copy);
      return false;
    }
    write_all(copy, std::string(buffer, static_cast<std::size_t>(n)));
  }
  the_program.input_fd = copy;
  return true;
}

void rewind_input() {
  if (the_program.input_fd < 0) return;
  // A description of its own: one shared with other children would share its position.
  const std::string path = "/proc/self/fd/" + std::to_string(the_program.input_fd);
  const int input = ::open(path.c_str(), O_RDONLY);
  if (input < 0) return;
  ::dup2(input, STDIN_FILENO);
  ::close(input);
}

std::string replay_command(const std::string& token) {
  return "weft-run --replay " + token + (the_program.fail_on_exit_status ? " --fail-on-exit-status" : "") + " -- " +
         the_program.command;
}

void flush_output_without_waiting() noexcept {
  for (std::FILE* stream : {stdout, stderr}) {
    const bool locked = ::ftrylockfile(stream) == 0;
    ::fflush_unlocked(stream);
    if (locked) ::funlockfile(stream);
  }
}

namespace {

// Whether a simulated thread other than the running one has not finished: it may be
// parked holding a stream's lock.
bool others_unfinished() noexcept {
  const detail::execution& ex = *detail::execution::current();
  for (detail::thread_index t = 0; t < ex.thread_count(); ++t) {
    if (t != ex.running() && ex.doing(t).what != detail::op::finish) return true;
  }
  return false;
}

}  // namespace

// Ending is a scheduling point: the other threads race with the exit, as they do in a
// real process (a checker thread may or may not run before main returns).
void program_ended(int status, std::source_location where, ending how) {
  detail::yield(where);
  if (how == ending::flushing) run_program_exit_handlers();
  // Every stream, as exit() flushes them, when no other thread can hold one's lock;
  // else the two the report follows (fflush(NULL) waits for every stream's lock).
  if (how == ending::flushing) {
    if (others_unfinished()) {
      flush_output_without_waiting();
    } else {
      std::fflush(nullptr);
    }
  }
  // The process's status is the low byte of exit()'s argument (exit(256) is a success).
  const int process_status = status & 0xff;
  if (process_status != 0 && the_program.fail_on_exit_status) {
    detail::execution& ex = *detail::execution::current();
    ex.fail(failure_kind::assertion, "the program exited with status " + std::to_string(process_status), where);
    ex.abort_if_stopping();  // unwinds this thread; the report follows
  }
  write_all(child_verdict_fd, to_line(verdict{}));
  child_verdict_fd = -1;  // the _exit below is weft's own, not the program's
  ::_exit(0);
}

void run_main() {
  const int status = the_program.main(the_program.argc, the_program.argv, the_program.envp);
  // Where main returned is not known: its first line stands for it (an address inside main
  // is read as a call's return address, found one byte before).
  program_ended(status, detail::interpose::fast_call_site(reinterpret_cast<const char*>(the_program.main) + 1));
}

namespace {

std::string describe_run(const options& opt) { return "strategy " + opt.strategy + ", seed " + std::to_string(opt.seed); }

// Runs executions 0 .. iterations-1, up to `workers` at once, until one fails. Returns
// that one's verdict (failed false: none did) and sets `found_at` to its index.
verdict first_failure(const options& opt, std::uint64_t& found_at, std::uint64_t& finished) {
  std::map<pid_t, running_child> running;
  std::uint64_t next = 0;
  verdict found;
  while (!found.failed && (next < opt.iterations || !running.empty())) {
    while (!found.failed && next < opt.iterations && running.size() < opt.workers) {
      child_job job;
      job.what = child_job::kind::explore;
      job.index = next;
      const std::optional<running_child> started = start_child(opt, job);
      if (!started) {
        found.failed = true;
        found.crash = "could not be started (fork or memfd_create): " + std::string(std::strerror(errno));
        found_at = next;
        break;
      }
      running[started->pid] = *started;
      ++next;
    }
    int status = 0;
    const pid_t ended = ::waitpid(-1, &status, 0);
    const auto it = running.find(ended);
    if (it == running.end()) continue;
    const verdict result = collect(it->second, status);
    ++finished;
    if (result.failed) {
      found = result;
      found_at = it->second.index;
    }
    running.erase(it);
  }
  for (const auto& [pid, c] : running) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    ::close(c.verdict_fd);
    if (c.stderr_fd >= 0) ::close(c.stderr_fd);
  }
  return found;
}

// Shrinks the schedule of `found` (as in-process explorations do), each candidate run
// in a child. Returns the verdict of the smallest schedule that fails the same way.
// A crash or a stall is not shrunk: its schedule is the one the dying child printed, and
// a smaller one would have to be found by children that die the same way.
verdict minimized(const options& opt, const verdict& found) {
  if (opt.minimize_seconds <= 0 || !found.crash.empty()) return found;
  const detail::recorded_schedule schedule = detail::decode_token(found.token);
  std::map<std::string, verdict> failed_the_same_way;  // by token
  const detail::candidate_runner in_a_child = [&](std::vector<detail::deviation> deviations)
      -> std::optional<detail::minimized> {
    child_job job;
    job.what = child_job::kind::guided;
    job.settings = schedule;
    job.deviations = std::move(deviations);
    const verdict tried = run_in_child(opt, job);
    if (!tried.same_failure_as(found) || tried.token.empty()) return std::nullopt;
    failed_the_same_way[tried.token] = tried;
    return detail::minimized{detail::decode_token(tried.token), tried.steps};
  };
  const auto budget = std::chrono::milliseconds(static_cast<std::int64_t>(opt.minimize_seconds * 1000));
  const detail::minimized smallest = detail::minimize(detail::minimized{schedule, found.steps}, in_a_child, budget);
  const auto kept = failed_the_same_way.find(detail::encode_token(smallest.schedule));
  return kept == failed_the_same_way.end() ? found : kept->second;
}

// What an execution's verdict says, for the line that tells a failure that did not happen
// again: "a deadlock at prog.c:12", "no failure".
std::string what_happened(const verdict& v) {
  if (!v.failed) return "no failure";
  std::string text = "a";
  const std::string_view kind = to_string(static_cast<failure_kind>(v.kind));
  if (kind.find_first_of("aeio") == 0) text += "n";
  text += " " + std::string(kind);
  if (!v.file.empty()) text += " at " + v.file.substr(v.file.find_last_of('/') + 1) + ":" + std::to_string(v.line);
  if (!v.crash.empty()) text += " (it " + v.crash + ")";
  return text;
}

// The exploration: returns the process's exit status (0 no failure, 1 failure found).
int explore_program(const options& opt) {
  std::uint64_t found_at = 0;
  std::uint64_t finished = 0;
  const verdict found = first_failure(opt, found_at, finished);
  if (!found.failed) {
    std::cerr << "weft-run: no failure in " << finished << " executions (" << describe_run(opt) << ")\n";
    write_all(the_program.result_fd, "pass\n");
    return 0;
  }
  if (found.token.empty()) {
    std::cerr << "weft-run: execution " << found_at + 1 << " " << found.crash << " (" << describe_run(opt)
              << ") before weft could print its replay token\n";
    write_all(the_program.result_fd, "fail\n");
    return 1;
  }
  const verdict smallest = minimized(opt, found);
  // The report comes from a replay in a fresh child, which also shows that it replays.
  child_job replay;
  replay.what = child_job::kind::replay;
  replay.token = smallest.token;
  replay.output = shown::report;
  verdict again = run_in_child(opt, replay);
  std::string token = smallest.token;
  if (!again.same_failure_as(smallest) && smallest.token != found.token) {
    replay.token = token = found.token;
    again = run_in_child(opt, replay);
  }
  if (!again.same_failure_as(found)) {
    std::cerr << "weft-run: the failure found in execution " << found_at + 1 << ", " << what_happened(found)
              << ", did not happen again when its schedule was replayed (" << what_happened(again)
              << " then): the program depends on something weft does not control (real time, randomness, I/O, "
                 "threads or atomics weft does not see)\n";
  }
  const std::size_t deviations_found = detail::decode_token(found.token).deviations.size();
  const std::size_t deviations_shown = detail::decode_token(token).deviations.size();
  std::cerr << "weft-run: failure found in execution " << found_at + 1 << " (" << describe_run(opt) << ")";
  if (!found.crash.empty()) std::cerr << ", which " << found.crash;
  if (token != found.token) {
    // Fewer deviations first, then fewer steps: a schedule with fewer deviations may be longer.
    std::cerr << "; schedule minimized: " << detail::counted(deviations_found, "deviation")
              << " from the default schedule and " << detail::counted(found.steps, "step") << " as found, "
              << deviations_shown << " and " << again.steps << " as reported";
  }
  std::cerr << "; replay it with\n  " << replay_command(token) << "\n";
  write_all(the_program.result_fd, "fail " + token + "\n");
  return 1;
}

// A process the program forks inside an execution must not write a verdict of its own
// (exit() would) into its parent's verdict file.
void forget_verdict_file_in_forked_child() {
  if (child_verdict_fd >= 0) ::close(child_verdict_fd);
  child_verdict_fd = -1;
}

int start(int argc, char** argv, char** envp) {
  ::pthread_atfork(nullptr, nullptr, &forget_verdict_file_in_forked_child);
  the_program.argc = argc;
  the_program.argv = argv;
  the_program.envp = envp;
  options opt(options::defaults_only);
  // Each execution is a process of its own, with a fresh strategy: the strategies that
  // build on earlier executions cannot, so weft-run's default is the random walk.
  opt.strategy = "random";
  try {
    opt.apply_environment();
    for (const char* learning : {"dfs", "surw", "feedback", "portfolio"}) {
      if (opt.strategy.starts_with(learning)) {
        throw option_error("weft-run explores with random, pct or pos: each execution is a process of its own, and " +
                           std::string(learning) + " builds on the executions before it");
      }
    }
    if (opt.iterations == 0) throw option_error("weft-run needs a number of executions (--iterations) above 0");
    if (const std::size_t threads = threads_started_by_initialization(); threads > 0) {
      throw option_error("the program started " + std::to_string(threads) +
                         " thread(s) before main (in a static object's constructor): weft-run runs each "
                         "execution from a copy of the program made before main, and a copy has none of them; "
                         "start them in main");
    }
    if (!capture_input()) {
      throw option_error(errno == EFBIG ? "standard input from a pipe is read to its end before the first execution, "
                                          "and it passed 1 GiB: redirect it from a file (< FILE)"
                                        : std::string("cannot keep the standard input: ") + std::strerror(errno));
    }
  } catch (const std::exception& e) {
    write_all(the_program.result_fd, std::string("error ") + e.what() + "\n");
    return 2;
  }
  const char* token = std::getenv("WEFT_REPLAY");
  if (token != nullptr && *token != '\0') {
    try {
      detail::decode_token(token);
    } catch (const std::exception& e) {
      write_all(the_program.result_fd, std::string("error --replay: ") + e.what() + "\n");
      return 2;
    }
    child_job replay;
    replay.what = child_job::kind::replay;
    replay.token = token;
    replay.output = shown::everything;
    const verdict replayed = run_in_child(opt, replay);
    write_all(the_program.result_fd, replayed.failed ? "fail " + std::string(token) + "\n" : "pass\n");
    if (!replayed.failed) std::cerr << "weft-run: the replay ended without a failure\n";
    if (!replayed.crash.empty()) std::cerr << "weft-run: the replay " << replayed.crash << "\n";
    return replayed.failed ? 1 : 0;
  }
  return explore_program(opt);
}

// The environment is read and changed through `environ` itself, not getenv and unsetenv:
// the program may define its own (bash does, and its unsetenv, called before bash has
// read its environment, changes nothing), and the dynamic linker gives it the program's.
// With weft-run's variables left in place, every command a shell script starts ran as
// an exploration of its own (and `/bin/false` passed).
std::string variable(std::string_view name) {
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text = *entry;
    if (text.size() > name.size() && text.starts_with(name) && text[name.size()] == '=') {
      return std::string(text.substr(name.size() + 1));
    }
  }
  return {};
}

void remove_variable(std::string_view name) noexcept {
  char** kept = environ;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text = *entry;
    if (!(text.starts_with(name) && text.size() > name.size() && text[name.size()] == '=')) *kept++ = *entry;
  }
  *kept = nullptr;
}

}  // namespace

}  // namespace weft::run

using namespace weft::run;

// Where glibc calls the program's main. With weft-run's variables set, main runs under
// start() instead; otherwise (the program's own child processes, say) as usual.
extern "C" int __libc_start_main(int (*main)(int, char**, char**), int argc, char** argv, void (*init)(),
                                 void (*fini)(), void (*loader_fini)(), void* stack_end) {
  using start_function = decltype(&__libc_start_main);
  static const auto real = reinterpret_cast<start_function>(dlsym(RTLD_NEXT, "__libc_start_main"));
  const std::string result_fd = variable(result_fd_variable);
  if (result_fd.empty()) return real(main, argc, argv, init, fini, loader_fini, stack_end);
  the_program.main = main;
  std::from_chars(result_fd.data(), result_fd.data() + result_fd.size(), the_program.result_fd);
  the_program.command = variable(command_variable);
  the_program.fail_on_exit_status = variable(exit_status_variable) == "1";
  the_program.show_output = variable(show_output_variable) == "1";
  // What the program starts itself runs as usual.
  if (variable(bind_now_added_variable) == "1") remove_variable("LD_BIND_NOW");
  for (const char* name : {"LD_PRELOAD", result_fd_variable, command_variable, exit_status_variable,
                           show_output_variable, bind_now_added_variable}) {
    remove_variable(name);
  }
  ::fcntl(the_program.result_fd, F_SETFD, FD_CLOEXEC);
  count_threads_before_initialization();  // the program's static objects are made in `real`
  return real(&start, argc, argv, init, fini, loader_fini, stack_end);
}

namespace {

// An exit call of the program's, from `caller`: inside an execution it ends the program
// there (program_ended, which does not return); elsewhere (weft's own _exit after the
// verdict, a process outside weft-run's children) it returns, and the caller ends the
// process with the C library's function.
void end_program_if_simulated(int status, const void* caller, ending how) {
  if (weft::detail::on_simulated_thread() && child_verdict_fd >= 0) {
    program_ended(status, weft::detail::interpose::fast_call_site(caller), how);
  }
}

using exit_function = void (*)(int);

}  // namespace

// exit() inside an execution ends the program there, as main's return does.
extern "C" void exit(int status) {
  static const auto real = reinterpret_cast<exit_function>(dlsym(RTLD_NEXT, "exit"));
  end_program_if_simulated(status, __builtin_return_address(0), ending::flushing);
  real(status);
  __builtin_unreachable();
}

// _exit() and _Exit() (one function in the C library) end it without flushing its
// streams (a shell ends so).
extern "C" void _exit(int status) {
  static const auto real = reinterpret_cast<exit_function>(dlsym(RTLD_NEXT, "_exit"));
  end_program_if_simulated(status, __builtin_return_address(0), ending::without_flushing);
  real(status);
  __builtin_unreachable();
}

extern "C" void _Exit(int status) {
  static const auto real = reinterpret_cast<exit_function>(dlsym(RTLD_NEXT, "_Exit"));
  end_program_if_simulated(status, __builtin_return_address(0), ending::without_flushing);
  real(status);
  __builtin_unreachable();
}

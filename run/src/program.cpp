// libweft_run.so, preloaded into a program by weft-run: takes over the program's start
// and explores it, each execution a child forked from the program as it stands before
// main (its globals constructed, nothing else run), so every execution starts fresh.
//
// Each child runs one execution of main: weft::explore with a share holding only that
// execution's index, so the strategies derive it from (seed, index) as in-process
// explorations do. When main returns (or a thread calls exit), the program is over: the
// child ends there, as a real process would, whatever its other threads were doing. A
// failing child prints weft's report and tells the parent its replay token. The parent
// keeps up to `workers` children running, stops at the first failure, and replays that
// one once more in a fresh child to check that it replays.
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <string>

#include <weft/explore.hpp>

#include <weft/detail/sim/thread_core.hpp>

#include "execution/execution.hpp"
#include "protocol.hpp"

namespace weft::run {

namespace {

using main_function = int (*)(int, char**, char**);

struct program {
  main_function main = nullptr;
  int argc = 0;
  char** argv = nullptr;
  char** envp = nullptr;
  std::string command;  // how weft-run was asked to run it, for replay hints
  bool fail_on_exit_status = false;
  bool show_output = false;
  int result_fd = -1;
};
program the_program;

// Where a child says how its execution ended: "pass", or "fail KIND TOKEN".
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

// The program ended with `status` inside an execution (main returned, or exit): the
// execution passes, or fails when weft-run was asked to treat the status as a failure.
// Ending is a scheduling point: the other threads race with the exit, as they do in a
// real process (a checker thread may or may not run before main returns).
[[noreturn]] void program_ended(int status) {
  detail::yield(std::source_location::current());
  std::fflush(nullptr);
  if (status != 0 && the_program.fail_on_exit_status) {
    detail::execution& ex = *detail::execution::current();
    ex.fail(failure_kind::assertion, "the program exited with status " + std::to_string(status),
            std::source_location{});
    ex.abort_if_stopping();  // unwinds this thread; the report follows
  }
  write_all(child_verdict_fd, "pass\n");
  ::_exit(0);
}

void run_main() { program_ended(the_program.main(the_program.argc, the_program.argv, the_program.envp)); }

// What a child lets through to the terminal.
enum class shown {
  everything,   // a replay the user asked for
  report,       // an execution of the exploration: weft's report, not the program's output
  nothing,      // the replay that checks a failure replays
};

// The child's part: one execution (exploration index `index`), or a replay of `token`.
[[noreturn]] void run_child(options opt, std::uint64_t index, const std::string& token, shown output) {
  if (output != shown::everything && !(output == shown::report && the_program.show_output)) {
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) ::dup2(null, STDOUT_FILENO);
    if (output == shown::nothing && null >= 0) ::dup2(null, STDERR_FILENO);
  }
  const detail::rerun_command_scope rerun("\n  (with weft-run: weft-run --replay <that token> -- " + the_program.command +
                                          ")");
  report found;
  if (token.empty()) {
    opt.iterations = index + 1;
    opt.shard_index = index;
    opt.shard_count = index + 1;
    opt.check_determinism = false;  // main runs once per process: checked by replaying in another
    opt.minimize_seconds = 0;
    opt.workers = 1;
    opt.quiet = true;
    found = weft::explore(opt, run_main);
  } else {
    found = weft::replay(token, run_main, opt);
  }
  std::fflush(nullptr);  // what the program printed comes before the report
  if (!found.failed()) {
    write_all(child_verdict_fd, "pass\n");
    ::_exit(0);
  }
  std::cerr << found << std::flush;
  write_all(child_verdict_fd, "fail " + std::to_string(static_cast<int>(found.kind())) + " " +
                                  (token.empty() ? found.replay_token() : token) + "\n");
  ::_exit(1);
}

struct child {
  std::uint64_t index = 0;
  int verdict = -1;  // read end of its verdict pipe
};

// How a child ended: its verdict line, or a description of a crash.
struct outcome {
  bool failed = false;
  int kind = 0;
  std::string token;   // empty when it crashed before saying
  std::string crash;   // "killed by signal 11 (Segmentation fault)", ...
};

outcome collect(const child& c, int status) {
  const std::string verdict = read_all(c.verdict);
  ::close(c.verdict);
  outcome result;
  if (verdict.starts_with("pass")) return result;
  if (verdict.starts_with("fail ")) {
    result.failed = true;
    const char* text = verdict.c_str() + 5;
    const char* space = std::strchr(text, ' ');
    std::from_chars(text, space == nullptr ? text + std::strlen(text) : space, result.kind);
    if (space != nullptr) result.token = std::string(space + 1, verdict.c_str() + verdict.size() - (verdict.ends_with('\n') ? 1 : 0));
    return result;
  }
  result.failed = true;
  if (WIFSIGNALED(status)) {
    result.crash = "was killed by signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  } else {
    result.crash = "exited with status " + std::to_string(WEXITSTATUS(status)) + " without a verdict";
  }
  return result;
}

pid_t start_child(const options& opt, std::uint64_t index, const std::string& token, shown output, child& made) {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(ends[0]);
    child_verdict_fd = ends[1];
    run_child(opt, index, token, output);
  }
  ::close(ends[1]);
  made = child{index, ends[0]};
  if (pid < 0) ::close(ends[0]);
  return pid;
}

// Runs one child to its end: a replay of `token`.
outcome replay_in_child(const options& opt, const std::string& token, shown output) {
  child c;
  const pid_t pid = start_child(opt, 0, token, output, c);
  if (pid < 0) return outcome{true, 0, {}, "could not be forked"};
  int status = 0;
  ::waitpid(pid, &status, 0);
  return collect(c, status);
}

std::string describe_run(const options& opt) {
  return "strategy " + opt.strategy + ", seed " + std::to_string(opt.seed);
}

// The exploration: returns the process's exit status (0 no failure, 1 failure found).
int explore_program(const options& opt) {
  std::map<pid_t, child> running;
  std::uint64_t next = 0;
  std::uint64_t finished = 0;
  outcome found;
  std::uint64_t found_at = 0;
  while (!found.failed && (next < opt.iterations || !running.empty())) {
    while (!found.failed && next < opt.iterations && running.size() < opt.workers) {
      child made;
      const pid_t pid = start_child(opt, next, {}, shown::report, made);
      if (pid < 0) {
        std::cerr << "weft-run: cannot fork for execution " << next + 1 << ": " << std::strerror(errno) << "\n";
        return 2;
      }
      running[pid] = made;
      ++next;
    }
    int status = 0;
    const pid_t ended = ::waitpid(-1, &status, 0);
    const auto it = running.find(ended);
    if (it == running.end()) continue;
    const outcome result = collect(it->second, status);
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
    ::close(c.verdict);
  }
  if (!found.failed) {
    std::cerr << "weft-run: no failure in " << finished << " executions (" << describe_run(opt) << ")\n";
    write_all(the_program.result_fd, "pass\n");
    return 0;
  }
  if (found.token.empty()) {
    std::cerr << "weft-run: execution " << found_at + 1 << " " << found.crash
              << "; the replay token of the crash is above\n";
    write_all(the_program.result_fd, "fail\n");
    return 1;
  }
  const outcome again = replay_in_child(opt, found.token, shown::nothing);
  if (!again.failed || again.kind != found.kind) {
    std::cerr << "weft-run: the failure found in execution " << found_at + 1
              << " did not happen again when its schedule was replayed: the program depends on something weft "
                 "does not control (real time, randomness, I/O, threads or atomics weft does not see)\n";
  }
  std::cerr << "weft-run: failure found in execution " << found_at + 1 << " (" << describe_run(opt)
            << "); replay it with\n  weft-run --replay " << found.token << " -- " << the_program.command << "\n";
  write_all(the_program.result_fd, "fail " + found.token + "\n");
  return 1;
}

int start(int argc, char** argv, char** envp) {
  the_program.argc = argc;
  the_program.argv = argv;
  the_program.envp = envp;
  options opt(options::defaults_only);
  try {
    opt.apply_environment();
    if (opt.strategy.starts_with("dfs")) {
      throw option_error("weft-run explores with random, pct or pos: each execution is a process of its own, and "
                         "dfs keeps its search in one");
    }
    if (opt.iterations == 0) throw option_error("weft-run needs a number of executions (--iterations) above 0");
  } catch (const std::exception& e) {
    write_all(the_program.result_fd, std::string("error ") + e.what() + "\n");
    return 2;
  }
  const char* token = std::getenv("WEFT_REPLAY");
  if (token != nullptr && *token != '\0') {
    const outcome replayed = replay_in_child(opt, token, shown::everything);
    write_all(the_program.result_fd, replayed.failed ? "fail " + std::string(token) + "\n" : "pass\n");
    if (!replayed.failed) std::cerr << "weft-run: the replay ended without a failure\n";
    if (!replayed.crash.empty()) std::cerr << "weft-run: the replay " << replayed.crash << "\n";
    return replayed.failed ? 1 : 0;
  }
  return explore_program(opt);
}

std::string variable(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
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
  for (const char* name : {"LD_PRELOAD", result_fd_variable, command_variable, exit_status_variable,
                           show_output_variable}) {
    ::unsetenv(name);
  }
  ::fcntl(the_program.result_fd, F_SETFD, FD_CLOEXEC);
  return real(&start, argc, argv, init, fini, loader_fini, stack_end);
}

// exit() inside an execution ends the program there, as main's return does.
extern "C" void exit(int status) {
  using exit_function = void (*)(int);
  static const auto real = reinterpret_cast<exit_function>(dlsym(RTLD_NEXT, "exit"));
  if (weft::detail::simulating() && child_verdict_fd >= 0) program_ended(status);
  real(status);
  __builtin_unreachable();
}

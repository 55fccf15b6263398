// weft-run: explores an unmodified, dynamically linked program under weft.
//
//   weft-run [options] -- ./prog args...
//
// Starts the program with libweft_run.so preloaded (program.cpp), which explores it and
// says how it went on a pipe. Exit status: 0 no failure, 1 a failure was found (its
// report and replay command are on stderr), 2 a usage or setup error.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "protocol.hpp"

namespace {

constexpr const char* usage =
    "usage: weft-run [options] -- PROGRAM [ARGUMENTS...]\n"
    "Explores the interleavings of PROGRAM's threads under weft (each execution a fresh process).\n"
    "PROGRAM must be dynamically linked; its pthread calls, sleeps and clocks go to weft.\n"
    "options (--name VALUE or --name=VALUE):\n"
    "  --strategy S             random (default), pct, pct:depth=N or pos\n"
    "  --iterations N           executions to run (default 1000)\n"
    "  --seed N                 the first seed (default 1)\n"
    "  --workers N              executions run at once (default 1)\n"
    "  --replay TOKEN           run the schedule of a reported failure once, with its output\n"
    "  --fail-on-exit-status    a non-zero exit status of PROGRAM is a failure\n"
    "  --show-output            let PROGRAM's standard output through in every execution\n"
    "  --help                   this text\n"
    "exit status: 0 no failure, 1 a failure was found, 2 a usage or setup error\n";

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "weft-run: " << message << "\n" << usage;
  std::exit(2);
}

std::string whole_number(std::string_view option, const char* text) {
  std::uint64_t value = 0;
  const std::string_view digits(text);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || end != digits.data() + digits.size() || digits.empty()) {
    usage_error(std::string(option) + " needs a whole number, not \"" + std::string(digits) + "\"");
  }
  return std::string(digits);
}

// An error the program's weft gave about a variable weft-run set for an option, in
// weft-run's words: the option, and the strategies weft-run runs, not every one weft has.
std::string in_weft_run_terms(std::string message) {
  const struct {
    std::string_view variable;
    std::string_view option;
  } names[] = {{"WEFT_STRATEGY (options::strategy)", "--strategy"},
               {"WEFT_ITERATIONS (options::iterations)", "--iterations"},
               {"WEFT_SEED (options::seed)", "--seed"},
               {"WEFT_WORKERS (options::workers)", "--workers"}};
  for (const auto& [variable, option] : names) {
    for (auto at = message.find(variable); at != std::string::npos; at = message.find(variable, at)) {
      message.replace(at, variable.size(), option);
    }
  }
  const auto known = message.find("(known strategies: ");
  if (known != std::string::npos) {
    const auto end = message.find(')', known);
    message.replace(known, end == std::string::npos ? std::string::npos : end - known + 1,
                    "(weft-run's strategies: random, pct, pct:depth=N, pos)");
  }
  return message;
}

// The library next to this program (build tree) or in the installed library folder.
std::string preload_library() {
  if (const char* chosen = std::getenv("WEFT_RUN_LIBRARY")) return chosen;
  char self[PATH_MAX];
  const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0) usage_error("cannot find where weft-run is installed (/proc/self/exe)");
  std::string folder(self, static_cast<std::size_t>(length));
  folder.erase(folder.rfind('/'));
  for (const std::string& candidate : {folder + "/libweft_run.so", folder + "/" WEFT_RUN_LIBRARY_FROM_BIN}) {
    if (::access(candidate.c_str(), R_OK) == 0) return candidate;
  }
  usage_error("cannot find libweft_run.so next to weft-run or in " + folder + "/" WEFT_RUN_LIBRARY_FROM_BIN);
}

std::string quoted(const std::string& word) {
  if (!word.empty() && word.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;!#~") == std::string::npos) return word;
  std::string text = "'";
  for (char c : word) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return text + "'";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::pair<std::string, std::string>> variables;
  int at = 1;
  for (; at < argc; ++at) {
    std::string_view option = argv[at];
    if (option == "--") {
      ++at;
      break;
    }
    // --name=value is --name value.
    std::string inline_value;
    bool has_inline_value = false;
    if (const auto equals = option.find('='); option.starts_with("--") && equals != std::string_view::npos) {
      inline_value = std::string(option.substr(equals + 1));
      has_inline_value = true;
      option = option.substr(0, equals);
    }
    const auto value = [&]() -> const char* {
      if (has_inline_value) {
        has_inline_value = false;
        return inline_value.c_str();
      }
      if (at + 1 >= argc || std::string_view(argv[at + 1]) == "--") usage_error(std::string(option) + " needs a value");
      return argv[++at];
    };
    const auto takes_no_value = [&] {
      if (has_inline_value) usage_error(std::string(option) + " takes no value");
    };
    if (option == "--help") {
      takes_no_value();
      std::cout << usage;
      return 0;
    } else if (option == "--strategy") {
      const std::string spec = value();
      const std::string name = spec.substr(0, spec.find(':'));
      // The strategies weft-run refuses are named in the child's own error (why); a name
      // weft does not know at all gets the list of weft-run's.
      if (name != "random" && name != "pct" && name != "pos" && name != "dfs" && name != "surw" && name != "feedback" &&
          name != "portfolio") {
        usage_error("--strategy is random, pct (pct:depth=N) or pos, not \"" + spec + "\"");
      }
      variables.emplace_back("WEFT_STRATEGY", spec);
    } else if (option == "--iterations") {
      variables.emplace_back("WEFT_ITERATIONS", whole_number(option, value()));
    } else if (option == "--seed") {
      variables.emplace_back("WEFT_SEED", whole_number(option, value()));
    } else if (option == "--workers") {
      variables.emplace_back("WEFT_WORKERS", whole_number(option, value()));
    } else if (option == "--replay") {
      // An empty token (an unset shell variable) would explore instead of replaying.
      const std::string token = value();
      if (token.empty()) usage_error("--replay needs a token, not an empty value");
      variables.emplace_back("WEFT_REPLAY", token);
    } else if (option == "--fail-on-exit-status") {
      takes_no_value();
      variables.emplace_back(weft::run::exit_status_variable, "1");
    } else if (option == "--show-output") {
      takes_no_value();
      variables.emplace_back(weft::run::show_output_variable, "1");
    } else {
      usage_error("unknown option \"" + std::string(option) + "\"");
    }
  }
  if (at >= argc) usage_error("no program to run: put it after --");

  std::string command;
  for (int i = at; i < argc; ++i) command += (i > at ? " " : "") + quoted(argv[i]);
  const std::string library = preload_library();
  int result[2];
  if (::pipe(result) != 0) usage_error(std::string("cannot make a pipe: ") + std::strerror(errno));

  const pid_t pid = ::fork();
  if (pid < 0) usage_error(std::string("cannot fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(result[0]);
    for (const auto& [name, text] : variables) ::setenv(name.c_str(), text.c_str(), 1);
    const char* preloaded = std::getenv("LD_PRELOAD");
    ::setenv("LD_PRELOAD", (library + (preloaded != nullptr ? std::string(":") + preloaded : "")).c_str(), 1);
    ::setenv(weft::run::result_fd_variable, std::to_string(result[1]).c_str(), 1);
    ::setenv(weft::run::command_variable, command.c_str(), 1);
    // Every call bound once, when the program starts, not again in each execution: each is
    // a process forked from the program before it ran, where a first call's symbol lookup
    // took about a tenth of a short execution's time. The program's start takes it out
    // of what the program starts, but its own dlopen(RTLD_LAZY) calls bind at once too.
    // A user's LD_BIND_NOW, even empty (lazy binding, for a program with functions that
    // it never calls and no library defines), is left as it is.
    if (std::getenv("LD_BIND_NOW") == nullptr) {
      ::setenv("LD_BIND_NOW", "1", 1);
      ::setenv(weft::run::bind_now_added_variable, "1", 1);
    } else {
      ::unsetenv(weft::run::bind_now_added_variable);
    }
    ::execvp(argv[at], argv + at);
    const std::string failure = std::string("error cannot run ") + argv[at] + ": " + std::strerror(errno) + "\n";
    [[maybe_unused]] const ssize_t written = ::write(result[1], failure.data(), failure.size());
    ::_exit(2);
  }
  ::close(result[1]);
  std::string verdict;
  char buffer[4096];
  for (ssize_t n; (n = ::read(result[0], buffer, sizeof buffer)) > 0;) verdict.append(buffer, static_cast<std::size_t>(n));
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (verdict.starts_with("pass")) return 0;
  if (verdict.starts_with("fail")) return 1;
  if (verdict.starts_with("error ")) {
    std::cerr << "weft-run: " << in_weft_run_terms(verdict.substr(6));
    return 2;
  }
  std::cerr << "weft-run: " << argv[at]
            << " ran without weft (is it statically linked? weft-run needs a dynamically linked program)\n";
  return 2;
}

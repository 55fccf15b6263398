// Helpers shared by weft's own tests.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

#include "classic_bugs.hpp"

namespace weft_test {

// Options independent of the WEFT_* variables of the environment the tests run in.
inline weft::options options_for(std::uint64_t iterations, const std::string& strategy = "random",
                                 std::uint64_t seed = 1) {
  weft::options opt;
  opt.strategy = strategy;
  opt.iterations = iterations;
  opt.seed = seed;
  opt.max_steps = 100000;
  return opt;
}

// Sets (or, with nullptr, unsets) an environment variable for the scope's lifetime and
// restores what it was, so one test's WEFT_* value never leaks into the next.
class scoped_env {
 public:
  scoped_env(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value == nullptr) {
      ::unsetenv(name);
    } else {
      ::setenv(name, value, 1);
    }
  }
  ~scoped_env() {
    if (old_) {
      ::setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  scoped_env(const scoped_env&) = delete;
  scoped_env& operator=(const scoped_env&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

// True if some thread in the report is blocked at `line` of a file ending in `file`.
inline bool has_thread_at(const weft::report& r, const std::string& state, unsigned line) {
  for (const auto& t : r.threads()) {
    if (t.state == state && t.where.line == line) return true;
  }
  return false;
}

// An exhaustive search (dfs) of `body`, without injected cancellations: what the memory
// model's tests want to know is whether any schedule fails.
inline weft::report search(const std::function<void()>& body) {
  weft::options opt = options_for(0, "dfs");
  opt.max_cancellations = 0;
  return weft::explore(opt, body);
}

// Whether the report's message names `line` of the calling test's own file.
inline bool mentions_line(const weft::report& r, unsigned line,
                          std::source_location caller = std::source_location::current()) {
  const std::string_view file = caller.file_name();
  const std::string name(file.substr(file.find_last_of('/') + 1));
  return r.message().find(name + ":" + std::to_string(line)) != std::string::npos;
}

// The lines of the trace's events whose operation is `operation` ("spawn", "register"),
// in trace order.
inline std::vector<unsigned> lines_of(const weft::report& r, std::string_view operation) {
  std::vector<unsigned> lines;
  for (const auto& e : r.trace()) {
    if (e.operation == operation) lines.push_back(e.where.line);
  }
  return lines;
}

// Two threads increment a counter with a load and a separate store: an update is lost
// when one thread's load falls between the other's load and store (one preemption).
using weft_bench::lost_update;

}  // namespace weft_test

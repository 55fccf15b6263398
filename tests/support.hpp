// Helpers shared by weft's own tests.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

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

// Two threads increment a counter with a load and a separate store: an update is lost
// when one thread's load falls between the other's load and store (one preemption).
using weft_bench::lost_update;

}  // namespace weft_test

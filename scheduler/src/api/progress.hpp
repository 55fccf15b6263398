// The progress line of a long exploration: at most once a second, on stderr, only when
// stderr is a terminal and options::quiet is not set.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>

#include <weft/options.hpp>

WEFT_BEGIN_NAMESPACE

class progress_line {
 public:
  explicit progress_line(const options& opt)
      : enabled_(!opt.quiet && ::isatty(STDERR_FILENO) == 1), planned_(opt.iterations) {}
  progress_line(const progress_line&) = delete;
  progress_line& operator=(const progress_line&) = delete;
  ~progress_line() {
    if (shown_) std::fputs("\n", stderr);
  }

  // `distinct()` gives the distinct schedules so far; called only when the line is shown
  // (an estimate is worth computing once a second, not at every execution).
  template <class DistinctSchedules>
  void update(std::uint64_t executions, const DistinctSchedules& distinct) {
    if (!enabled_ || executions % 256 != 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::seconds(1)) return;
    last_ = now;
    shown_ = true;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\rweft: %llu/%llu executions, %.0f/s, %zu distinct schedules   ",
                 static_cast<unsigned long long>(executions), static_cast<unsigned long long>(planned_),
                 static_cast<double>(executions) / seconds, static_cast<std::size_t>(distinct()));
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::uint64_t planned_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_ = start_;
};

WEFT_END_NAMESPACE

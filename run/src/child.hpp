// The child processes weft-run's library forks from the program before main: each runs
// one execution and tells the parent how it ended (verdict.hpp).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <weft/options.hpp>

#include "schedule/token.hpp"
#include "verdict.hpp"

namespace weft::run {

// What a child lets through to the terminal.
enum class shown {
  everything,  // a replay the user asked for: the program's output and weft's report
  report,      // weft's report, not the program's output (unless --show-output)
  nothing,     // a run that only checks something (a replay check, a candidate schedule)
};

struct child_job {
  enum class kind {
    explore,  // execution `index` of the exploration the options describe
    replay,   // the schedule of `token`
    guided,   // `deviations` from the default schedule, with `settings`' header
  } what = kind::explore;
  std::uint64_t index = 0;
  std::string token;
  detail::recorded_schedule settings;
  std::vector<detail::deviation> deviations;
  shown output = shown::nothing;
};

struct running_child {
  pid_t pid = -1;
  int verdict_fd = -1;  // the memory file it writes its verdict line to
  // What it wrote to stderr, when it shows nothing (a memory file): a child that crashes
  // or stalls prints its replay token there, and only there, before it dies.
  int stderr_fd = -1;
  std::uint64_t index = 0;
};

// Forks a child doing `job`; nullopt if the system refused.
std::optional<running_child> start_child(const options& opt, const child_job& job);
// Reads the verdict of a child that has ended with `wait_status`: one that died without
// one gets the token it printed on its way down, if it printed one.
verdict collect(const running_child& child, int wait_status);
// Starts a child and waits for its verdict.
verdict run_in_child(const options& opt, const child_job& job);

}  // namespace weft::run

// Long explorations in bounded memory, and the speedup of worker processes (issue 13's
// goals 4 and 5).
//
//   ./build/bench/weft_bench_long_runs [EXECUTIONS]     (default 100,000,000)
//
// Runs W1 (two threads each 10x {lock; ++x; unlock}) for 1,000,000 executions, then for
// EXECUTIONS, each in a child process, and prints each one's peak resident memory and
// their ratio: an exploration keeps no per-execution state (distinct schedules are
// estimated past 65,536, steps are counted per step number). Then 1,000,000 executions with one worker
// and with two, and the speedup, with the load average when it started.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

#include "w1_workload.hpp"

namespace {

using weft_bench::w1_mutex_counter;

weft::options quiet(std::uint64_t executions, std::uint64_t workers) {
  weft::options opt;
  opt.strategy = "random";  // the engine's cost, as measured for issue 16
  opt.iterations = executions;
  opt.workers = workers;
  opt.quiet = true;
  opt.check_determinism = false;
  return opt;
}

double peak_megabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Seconds of wall-clock time one exploration takes.
double timed(const weft::options& opt, weft::report& result) {
  const auto start = std::chrono::steady_clock::now();
  result = weft::explore(opt, w1_mutex_counter);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One exploration of W1 in a child process of its own: its peak memory is that
// exploration's alone (in one process, a second exploration's allocations land where
// the first one's freed memory and malloc's adapted thresholds put them).
struct run_in_child {
  double seconds = 0;
  double peak_megabytes = 0;
  unsigned long long distinct = 0;
  bool estimated = false;
};

run_in_child explore_in_child(std::uint64_t executions) {
  int ends[2];
  if (::pipe(ends) != 0) std::abort();
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(ends[0]);
    weft::report r;
    const double seconds = timed(quiet(executions, 1), r);
    char line[160];
    const int n = std::snprintf(line, sizeof line, "%f %f %llu %d", seconds, peak_megabytes(),
                                static_cast<unsigned long long>(r.distinct_schedules()),
                                r.distinct_schedules_estimated() ? 1 : 0);
    if (::write(ends[1], line, static_cast<std::size_t>(n)) != n) ::_exit(1);
    ::_exit(0);
  }
  ::close(ends[1]);
  char line[160] = {};
  std::size_t got = 0;
  for (ssize_t n; (n = ::read(ends[0], line + got, sizeof line - 1 - got)) > 0;) got += static_cast<std::size_t>(n);
  ::close(ends[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  run_in_child result;
  int estimated = 0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
      std::sscanf(line, "%lf %lf %llu %d", &result.seconds, &result.peak_megabytes, &result.distinct, &estimated) != 4) {
    std::fprintf(stderr, "the exploration of %llu executions failed in its child process\n",
                 static_cast<unsigned long long>(executions));
    std::exit(1);
  }
  result.estimated = estimated != 0;
  return result;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t long_run = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100'000'000;
  const run_in_child short_run = explore_in_child(1'000'000);
  std::printf("W1, 1,000,000 executions: %.1f s, peak RSS %.1f MB, %llu distinct schedules%s\n", short_run.seconds,
              short_run.peak_megabytes, static_cast<unsigned long long>(short_run.distinct),
              short_run.estimated ? " (estimated)" : "");
  const run_in_child long_one = explore_in_child(long_run);
  std::printf("W1, %llu executions: %.1f s, peak RSS %.1f MB, %llu distinct schedules%s\n",
              static_cast<unsigned long long>(long_run), long_one.seconds, long_one.peak_megabytes,
              static_cast<unsigned long long>(long_one.distinct), long_one.estimated ? " (estimated)" : "");
  std::printf("peak RSS at %llu executions / at 1,000,000: %.3f\n", static_cast<unsigned long long>(long_run),
              long_one.peak_megabytes / short_run.peak_megabytes);

  weft::report r;
  const std::string load = load_average();
  const double one_worker = timed(quiet(1'000'000, 1), r);
  const double two_workers = timed(quiet(1'000'000, 2), r);
  std::printf("W1, 1,000,000 executions: 1 worker %.2f s, 2 workers %.2f s: speedup %.2fx (load average %s)\n",
              one_worker, two_workers, one_worker / two_workers, load.c_str());
  return 0;
}

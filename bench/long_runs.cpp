// Long explorations in bounded memory, and the speedup of worker processes (issue 13's
// goals 4 and 5).
//
//   ./build/bench/weft_bench_long_runs [EXECUTIONS]     (default 100,000,000)
//
// Runs W1 (two threads each 10x {lock; ++x; unlock}) for 1,000,000 executions, then for
// EXECUTIONS, and prints the process's peak resident memory after each with their ratio:
// an exploration keeps no per-execution state (distinct schedules are estimated past
// 65,536, steps are counted per step number). Then 1,000,000 executions with one worker
// and with two, and the speedup, with the load average when it started.
#include <sys/resource.h>

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

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t long_run = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100'000'000;
  weft::report r;
  const double short_seconds = timed(quiet(1'000'000, 1), r);
  const double short_peak = peak_megabytes();
  std::printf("W1, 1,000,000 executions: %.1f s, peak RSS %.1f MB, %zu distinct schedules%s\n", short_seconds,
              short_peak, r.distinct_schedules(), r.distinct_schedules_estimated() ? " (estimated)" : "");
  const double long_seconds = timed(quiet(long_run, 1), r);
  const double long_peak = peak_megabytes();
  std::printf("W1, %llu executions: %.1f s, peak RSS %.1f MB, %zu distinct schedules%s\n",
              static_cast<unsigned long long>(long_run), long_seconds, long_peak, r.distinct_schedules(),
              r.distinct_schedules_estimated() ? " (estimated)" : "");
  std::printf("peak RSS at %llu executions / at 1,000,000: %.3f\n", static_cast<unsigned long long>(long_run),
              long_peak / short_peak);

  const std::string load = load_average();
  const double one_worker = timed(quiet(1'000'000, 1), r);
  const double two_workers = timed(quiet(1'000'000, 2), r);
  std::printf("W1, 1,000,000 executions: 1 worker %.2f s, 2 workers %.2f s: speedup %.2fx (load average %s)\n",
              one_worker, two_workers, one_worker / two_workers, load.c_str());
  return 0;
}

// Cost of a scheduling point against the number of threads waiting for one mutex: a
// pool's workers contending for its queue's lock. While the mutex is held, each choice
// leaves out the threads whose next step locks it (they would only wait); at each unlock
// they are all choices again and the strategy chooses who takes the mutex next. So a
// point there costs time linear in the contending threads; this program measures how
// much.
//
//   ./build/bench/weft_bench_mutex_waiters
//
// Each execution starts N threads that each take the mutex 4 times and pass a scheduling
// point while holding it (an atomic's fetch_add), so the others queue up behind it.
// Prints ns per point (the whole execution's time, spawns and joins included, over its
// points of every kind; the least of three rounds), the same per contending thread, and
// the ratio to N = 2.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <mutex>
#include <vector>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

#include "least_of_rounds.hpp"
#include "thread_cpu_seconds.hpp"
#include "timing_options.hpp"

namespace {

constexpr int rounds_per_thread = 4;

// ns per scheduling point over `executions` executions with `threads` contending threads.
double ns_per_point(int threads, std::uint64_t executions) {
  const weft::options opt = weft_bench::timing_options(executions);
  const double start = weft_bench::thread_cpu_seconds();
  const weft::report r = weft::explore(opt, [threads] {
    weft::mutex m;
    weft::atomic<int> inside{0};
    std::vector<weft::thread> workers;
    workers.reserve(static_cast<std::size_t>(threads));
    for (int i = 0; i < threads; ++i) {
      workers.emplace_back([&] {
        for (int round = 0; round < rounds_per_thread; ++round) {
          const std::lock_guard hold(m);
          inside.fetch_add(1);
        }
      });
    }
    for (auto& w : workers) w.join();
    WEFT_ASSERT(inside.load() == threads * rounds_per_thread);
  });
  const double seconds = weft_bench::thread_cpu_seconds() - start;
  if (r.failed()) {
    std::fprintf(stderr, "%s\n", r.message().c_str());
    std::exit(1);
  }
  return seconds * 1e9 / (static_cast<double>(r.executions()) * static_cast<double>(r.median_steps()));
}

}  // namespace

int main() {
  constexpr int counts[] = {2, 10, 100, 1000, 4000};
  constexpr int rounds = 3;
  const auto best = weft_bench::least_of_rounds(counts, rounds, [](int threads) {
    // Some 50,000 to 100,000 points for each count: enough to time, few enough for 4,000
    // threads.
    const auto executions = static_cast<std::uint64_t>(std::max(1, 10000 / threads));
    ns_per_point(threads, 1);  // untimed: maps and touches the threads' stacks
    return ns_per_point(threads, executions);
  });
  std::printf("threads  ns per point  per contending thread  ratio to 2 threads   (least of %d rounds, CPU time)\n", rounds);
  for (std::size_t i = 0; i < std::size(counts); ++i) {
    std::printf("%7d  %12.1f  %21.2f  %8.2f\n", counts[i], best[i], best[i] / counts[i], best[i] / best[0]);
  }
  return 0;
}

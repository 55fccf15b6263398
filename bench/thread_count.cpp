// Cost of a scheduling point against the number of threads in the execution (issue 16's
// goal 2): the same work per point whether 2 threads exist or 10,000.
//
//   ./build/bench/weft_bench_thread_count [iterations]     (default 50,000)
//
// Each execution starts N - 2 idle threads (half of them finish at once, half block on a
// latch until the end) and waits until they have, then two threads do the measured work:
// W1's (w1_workload.hpp), with `iterations` x {lock; ++x; unlock} each. The body reads the OS
// thread's CPU time around that phase only (check_determinism is off, so reading it is
// harmless), and its scheduling points are the execution's minus those of an execution
// without the loop (the idle threads' points do not depend on the schedule). Prints ns per
// point for each N, the least of fifteen rounds, and its ratio to N = 2 (fewer rounds left
// the least of them at the mercy of the shared machine: 1.0 to 1.2 from run to run).
//
// Why 50,000 by default: right after starting 10,000 threads the cache holds their stacks
// and records, and the working threads' first points refill it, a one-off of a few hundred
// microseconds per execution on this machine. Spread over 30,000 points (5,000 iterations)
// it adds 5 to 20 ns to each (the ratio read 1.1 to 1.5); over 300,000, a tenth of that.
// The cost of a point itself does not depend on the threads: the phase's instructions are
// the same from 2 to 10,000 threads (callgrind, the phase alone). The first execution of
// each exploration is not timed: it keeps its whole trace (api/explore.cpp), the others
// only its tail.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <vector>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

#include "least_of_rounds.hpp"
#include "thread_cpu_seconds.hpp"
#include "timing_options.hpp"
#include "w1_workload.hpp"

namespace {


struct timing {
  double work_seconds = 0;  // per execution, the working phase only
  double steps = 0;         // scheduling points per execution
};

// Runs 1 + `timed` executions of the body with `threads` threads in all and `loops`
// iterations in each of the two working threads, and times all but the first (an
// exploration's first run keeps its whole trace, the others only its tail).
timing run(int threads, int loops, std::uint64_t timed) {
  const weft::options opt = weft_bench::timing_options(1 + timed);
  double work_seconds = 0;
  bool first = true;
  const weft::report r = weft::explore(opt, [threads, loops, &work_seconds, &first] {
    const int idle = threads - 2;
    weft::latch started(idle);
    weft::latch release(1);
    std::vector<weft::thread> others;
    others.reserve(static_cast<std::size_t>(idle));
    for (int i = 0; i < idle; ++i) {
      if (i % 2 == 0) {
        others.emplace_back([&started] { started.count_down(); });
      } else {
        others.emplace_back([&started, &release] {
          started.count_down();
          release.wait();
        });
      }
    }
    started.wait();  // every idle thread finished or blocked: the two below work alone
    const double start = weft_bench::thread_cpu_seconds();
    weft_bench::w1_threads(loops);
    if (!first) work_seconds += weft_bench::thread_cpu_seconds() - start;
    first = false;
    release.count_down();
    for (auto& t : others) t.join();
  });
  if (r.failed()) {
    std::fprintf(stderr, "%s\n", r.message().c_str());
    std::exit(1);
  }
  return {timed == 0 ? 0.0 : work_seconds / static_cast<double>(timed), static_cast<double>(r.median_steps())};
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 50'000;
  if (iterations <= 0) {
    std::fprintf(stderr, "usage: %s [iterations > 0]\n", argv[0]);
    return 2;
  }
  constexpr int counts[] = {2, 10, 100, 1000, 10000};
  constexpr int rounds = 15;
  const auto best = weft_bench::least_of_rounds(counts, rounds, [iterations](int threads) {
    // Once untimed first: the threads' stacks are mapped and touched by their first
    // execution (kernel work the later ones do not repeat).
    run(threads, iterations, 0);
    const timing with = run(threads, iterations, 4);
    const timing without = run(threads, 0, 0);
    return with.work_seconds * 1e9 / (with.steps - without.steps);
  });
  std::printf("threads  ns per point  ratio to 2 threads   (2 threads x %d iterations measured, least of %d rounds, CPU time)\n",
              iterations, rounds);
  for (std::size_t i = 0; i < std::size(counts); ++i) {
    std::printf("%7d  %12.1f  %8.2f\n", counts[i], best[i], best[i] / best[0]);
  }
  return 0;
}

// Cost of a scheduling point against the number of threads in the execution (issue 16's
// goal 2): the same work per point whether 2 threads exist or 10,000.
//
//   ./build/bench/weft_bench_thread_count
//
// Each execution starts N - 2 idle threads (half of them finish at once, half block on a
// latch until the end) and waits until they have, then two threads do the measured work:
// W1's (w1_workload.hpp), with 5,000 x {lock; ++x; unlock} each. The body reads the OS
// thread's CPU time around that phase only (check_determinism is off, so reading it is
// harmless), and its scheduling points are the execution's minus those of an execution
// without the loop (the idle threads' points do not depend on the schedule). Prints ns per
// point for each N, the least of five rounds, and its ratio to N = 2.
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

constexpr int iterations = 5000;

struct timing {
  double work_seconds = 0;  // per execution, the working phase only
  double steps = 0;         // scheduling points per execution
};

// Runs `executions` executions of the body with `threads` threads in all and `loops`
// iterations in each of the two working threads.
timing run(int threads, int loops, std::uint64_t executions) {
  const weft::options opt = weft_bench::timing_options(executions);
  double work_seconds = 0;
  const weft::report r = weft::explore(opt, [threads, loops, &work_seconds] {
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
    work_seconds += weft_bench::thread_cpu_seconds() - start;
    release.count_down();
    for (auto& t : others) t.join();
  });
  if (r.failed()) {
    std::fprintf(stderr, "%s\n", r.message().c_str());
    std::exit(1);
  }
  return {work_seconds / static_cast<double>(executions), static_cast<double>(r.median_steps())};
}

}  // namespace

int main() {
  constexpr int counts[] = {2, 10, 100, 1000, 10000};
  constexpr int rounds = 5;
  const auto best = weft_bench::least_of_rounds(counts, rounds, [](int threads) {
    // Once untimed first: the threads' stacks are mapped and touched by their first
    // execution (kernel work the later ones do not repeat).
    run(threads, iterations, 1);
    const timing with = run(threads, iterations, 20);
    const timing without = run(threads, 0, 1);
    return with.work_seconds * 1e9 / (with.steps - without.steps);
  });
  std::printf("threads  ns per point  ratio to 2 threads   (2 threads x %d iterations measured, least of %d rounds, CPU time)\n",
              iterations, rounds);
  for (std::size_t i = 0; i < std::size(counts); ++i) {
    std::printf("%7d  %12.1f  %8.2f\n", counts[i], best[i], best[i] / best[0]);
  }
  return 0;
}

// Cost of a scheduling point against the number of threads in the execution (issue 16's
// goal 2): the same work per point whether 2 threads exist or 10,000.
//
//   ./build/bench/weft_bench_thread_count
//
// Each execution starts N - 2 idle threads (half of them finish at once, half block on a
// latch until the end) and waits until they have, then two threads do the measured work: W1's loop, each
// ITERATIONS x {lock; ++x; unlock}, a few scheduling points per iteration (more iterations
// for more threads, so that the measured work outweighs starting the idle ones). The cost of a
// point is the time the measured work adds divided by the points it adds: an execution
// with ITERATIONS = 0 (the same idle threads, started and ended the same way) is timed
// too and subtracted. Prints ns per point for each N and its ratio to N = 2.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <vector>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

namespace {

struct timing {
  double seconds = 0;
  double steps = 0;  // scheduling points per execution
};

// Runs `executions` executions of the body with `threads` threads in all and `iterations`
// loop iterations in each of the two working threads.
timing run(int threads, int iterations, std::uint64_t executions) {
  weft::options opt;
  opt.iterations = executions;
  opt.quiet = true;
  opt.check_determinism = false;
  opt.max_steps = 100'000'000;
  const auto start = std::chrono::steady_clock::now();
  const weft::report r = weft::explore(opt, [threads, iterations] {
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
    weft::mutex m;
    int x = 0;
    auto work = [&] {
      for (int i = 0; i < iterations; ++i) {
        m.lock();
        ++x;
        m.unlock();
      }
    };
    weft::thread a(work);
    weft::thread b(work);
    a.join();
    b.join();
    release.count_down();
    for (auto& t : others) t.join();
    WEFT_ASSERT(x == 2 * iterations);
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (r.failed()) {
    std::fprintf(stderr, "%s\n", r.message().c_str());
    std::exit(1);
  }
  return {seconds / static_cast<double>(executions), static_cast<double>(r.median_steps())};
}

}  // namespace

int main() {
  std::printf("threads  iterations  ns per point  ratio to 2 threads\n");
  double base = 0;
  for (const int threads : {2, 10, 100, 1000, 10000}) {
    // Enough measured work that starting and ending the idle threads, timed twice and
    // subtracted, leaves no noise to speak of.
    const int iterations = 5000 + 20 * threads;
    const std::uint64_t executions = threads >= 1000 ? 5 : 40;
    const timing with = run(threads, iterations, executions);
    const timing without = run(threads, 0, executions);
    const double per_point = (with.seconds - without.seconds) * 1e9 / (with.steps - without.steps);
    if (threads == 2) base = per_point;
    std::printf("%7d  %10d  %12.1f  %8.2f\n", threads, iterations, per_point, per_point / base);
  }
  return 0;
}

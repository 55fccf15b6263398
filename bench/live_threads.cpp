// Many live simulated threads in one execution (issue 16, goal 3).
//
//   ./build/bench/weft_bench_live_threads [THREADS...]     (default 10000 40000 100000)
//   ./build/bench/weft_bench_live_threads --one-after-another [THREADS...]
//
// For each count, one execution of a body that starts THREADS threads, each of which
// blocks once at a weft::latch that opens when all have arrived (so all are live at
// once), then runs once more and ends; the body joins them all. With
// --one-after-another the body starts each thread and joins it before the next (one
// atomic increment each): at most two live at once. Prints the wall-clock
// seconds of the exploration, the process's peak resident memory so far, and the peak
// per thread. With the default vm.max_map_count (65530) the stacks past the guarded
// ones come from blocks of 64 (fiber/stack_pool.hpp); without them, about 32,000 live
// threads was the limit.
#include <sys/resource.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

namespace {

double peak_megabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Each thread blocks exactly once (a latch, not a mutex all of them contend on), so the
// execution takes a number of scheduling points linear in the thread count.
void all_live_at_once(std::size_t count) {
  weft::latch all_started(static_cast<std::ptrdiff_t>(count) + 1);
  std::vector<weft::thread> threads;
  threads.reserve(count);
  for (std::size_t i = 0; i < count; ++i) threads.emplace_back([&] { all_started.arrive_and_wait(); });
  all_started.arrive_and_wait();
  for (weft::thread& t : threads) t.join();
}

void one_after_another(std::size_t count) {
  weft::atomic<std::size_t> ran{0};
  for (std::size_t i = 0; i < count; ++i) weft::thread([&] { ran.fetch_add(1); }).join();
  WEFT_ASSERT(ran.load() == count);
}

}  // namespace

int main(int argc, char** argv) {
  const bool sequential = argc > 1 && std::strcmp(argv[1], "--one-after-another") == 0;
  std::vector<std::size_t> counts;
  for (int i = sequential ? 2 : 1; i < argc; ++i) counts.push_back(std::strtoull(argv[i], nullptr, 10));
  if (counts.empty()) counts = {10'000, 40'000, 100'000};
  weft::options opt;
  opt.strategy = "random";  // the engine's cost, as measured for issue 16
  opt.iterations = 1;
  opt.quiet = true;
  opt.check_determinism = false;  // one run of each body, not two
  opt.threads = weft::thread_backend::fibers;
  opt.max_steps = 100'000'000;
  opt.stall_timeout = 0;  // a long single execution is the point here
  for (const std::size_t count : counts) {
    const auto start = std::chrono::steady_clock::now();
    const weft::report r = weft::explore(opt, [count, sequential] {
      if (sequential) {
        one_after_another(count);
      } else {
        all_live_at_once(count);
      }
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double peak = peak_megabytes();
    std::printf("%zu %s threads, one execution: %.2f s, %s, peak RSS %.0f MB (%.1f KB per thread)\n", count,
                sequential ? "sequential" : "live", seconds, r.failed() ? "FAILED" : "ok", peak,
                peak * 1024.0 / static_cast<double>(count));
    if (r.failed()) return 1;
  }
  return 0;
}

// The linearizability checker on long histories of a correct concurrent queue.
//
//   ./build/bench/weft_bench_linearizability
//
// A history of N operations by 4 threads is built by simulating a linearizable queue:
// each operation takes effect at a random instant inside a random real-time interval,
// and intervals of different threads overlap heavily. The checker must find an order.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <random>
#include <vector>

#include <weft/properties/linearizability.hpp>

namespace {

struct queue_op {
  bool enqueue;
  int value;  // enqueued, or dequeued (-1: empty)
};

struct history {
  std::vector<queue_op> ops;
  std::vector<weft::lin::interval> when;
};

// Operations take effect in a random order; each one's interval spans from a little
// before to a little after its effect, so neighbours overlap.
history linearizable_queue_history(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  history h;
  std::deque<int> queue;
  int next_value = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t effect = 10 * i + 5;
    const std::uint64_t call = effect - std::min<std::uint64_t>(effect, rng() % 12);
    const std::uint64_t ret = effect + 1 + rng() % 12;
    if (rng() % 2 == 0) {
      queue.push_back(next_value);
      h.ops.push_back({true, next_value++});
    } else {
      const int got = queue.empty() ? -1 : queue.front();
      if (!queue.empty()) queue.pop_front();
      h.ops.push_back({false, got});
    }
    h.when.push_back({2 * call, 2 * ret + 1});
  }
  return h;
}

bool check(const history& h) {
  return weft::lin::check(std::deque<int>{}, h.when, [&](std::deque<int>& q, std::size_t i) {
           if (h.ops[i].enqueue) {
             q.push_back(h.ops[i].value);
             return true;
           }
           const int got = q.empty() ? -1 : q.front();
           if (!q.empty()) q.pop_front();
           return got == h.ops[i].value;
         }).linearizable;
}

void check_queue_history(benchmark::State& state) {
  const history h = linearizable_queue_history(static_cast<std::size_t>(state.range(0)), 7);
  for (auto _ : state) {
    if (!check(h)) state.SkipWithError("a linearizable history was rejected");
  }
}
BENCHMARK(check_queue_history)->Arg(30)->Arg(200)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

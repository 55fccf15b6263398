// Executions per second of a channel pipeline, and of a workload that sleeps 1,000 times
// with short and with very long durations: under virtual time the two cost the same.
//
//   ./build/bench/weft_bench_time_and_channels
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

#include "summary_reporter.hpp"

namespace {

constexpr std::uint64_t executions_per_round = 100;

// Two producers and two consumers move 100 items through a channel of capacity 4.
void channel_pipeline() {
  weft::channel<int> c(4);
  weft::atomic<int> producers_left{2};
  weft::atomic<int> received{0};
  std::vector<weft::thread> threads;
  for (int p = 0; p < 2; ++p) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) c.send(i);
      if (producers_left.fetch_sub(1) == 1) c.close();
    });
  }
  for (int k = 0; k < 2; ++k) {
    threads.emplace_back([&] {
      while (c.recv()) received.fetch_add(1);
    });
  }
  for (auto& t : threads) t.join();
  WEFT_ASSERT(received.load() == 100);
}

template <class Duration>
void sleeper(Duration each) {
  weft::thread a([each] {
    for (int i = 0; i < 500; ++i) weft::this_thread::sleep_for(each);
  });
  weft::thread b([each] {
    for (int i = 0; i < 500; ++i) weft::this_thread::sleep_for(each);
  });
  a.join();
  b.join();
}

void executions(benchmark::State& state, std::function<void()> body) {
  weft::options opt;
  opt.strategy = "random";
  opt.iterations = executions_per_round;
  for (auto _ : state) {
    if (weft::explore(opt, body).failed()) state.SkipWithError("the workload failed");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * executions_per_round));
}
BENCHMARK_CAPTURE(executions, channel_2p2c_100_items_cap4, channel_pipeline);
BENCHMARK_CAPTURE(executions, sleep_1000x_1ms, [] { sleeper(std::chrono::milliseconds(1)); });
BENCHMARK_CAPTURE(executions, sleep_1000x_1h, [] { sleeper(std::chrono::hours(1)); });

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  weft_bench::summary_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  const double pipeline = reporter.rate("executions/channel_2p2c_100_items_cap4");
  const double short_sleeps = reporter.rate("executions/sleep_1000x_1ms");
  const double long_sleeps = reporter.rate("executions/sleep_1000x_1h");
  std::printf("\nsummary (one run):\n");
  std::printf("  channel pipeline, 2 producers / 2 consumers, 100 items, capacity 4: %.0f executions/s\n", pipeline);
  std::printf("  1,000 sleeps of 1ms: %.0f executions/s; of 1h: %.0f executions/s (ratio %.2f)\n", short_sleeps,
              long_sleeps, long_sleeps / short_sleeps);
  benchmark::Shutdown();
  return 0;
}

// The cost of weft's scheduling, against a raw Boost.Context switch, on both backends
// (fibers, and OS threads handing a baton), of a switch between two tasks (coroutines)
// against one between two threads, and executions per second on three small workloads
// (issue 2's W1-W3).
//
//   ./build/bench/weft_bench_scheduling
//
// After the usual Google Benchmark table it prints the ratio of a weft scheduling point
// to a raw fiber switch, and executions/s for W1-W3, all from this one run.
#include <benchmark/benchmark.h>

#include <boost/context/fiber.hpp>

#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <weft/async.hpp>
#include <weft/weft.hpp>

#include "w1_workload.hpp"

#include "summary_reporter.hpp"
#include <weft/explore.hpp>

namespace {

constexpr int yields_per_thread = 1000;
// Scheduling points of one execution of the yield ping-pong: every yield, plus two
// spawns and two joins.
constexpr double points_per_pingpong = 2.0 * yields_per_thread + 4.0;
constexpr std::uint64_t executions_per_round = 1000;

// (a) Two fibers switching back and forth: the floor any fiber scheduler pays.
void raw_fiber_switch(benchmark::State& state) {
  namespace ctx = boost::context;
  ctx::fiber partner{[](ctx::fiber&& back) {
    for (;;) back = std::move(back).resume();
    return std::move(back);
  }};
  for (auto _ : state) partner = std::move(partner).resume();
  state.SetItemsProcessed(state.iterations() * 2);  // there and back
}
BENCHMARK(raw_fiber_switch);

weft::options quiet(const std::string& strategy, std::uint64_t iterations) {
  weft::options opt;
  opt.strategy = strategy;
  opt.iterations = iterations;
  opt.max_steps = 1000000;
  // Measures scheduling, not the one-time replay that checks a body's determinism.
  opt.check_determinism = false;
  return opt;
}

// (b) The same ping-pong through weft: two threads calling this_thread::yield().
void yield_pingpong() {
  auto spin = [] {
    for (int i = 0; i < yields_per_thread; ++i) weft::this_thread::yield();
  };
  weft::thread a(spin);
  weft::thread b(spin);
  a.join();
  b.join();
}

void weft_scheduling_point(benchmark::State& state, const char* strategy, weft::thread_backend threads) {
  weft::options opt = quiet(strategy, 1);
  opt.threads = threads;
  for (auto _ : state) benchmark::DoNotOptimize(weft::explore(opt, yield_pingpong));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * points_per_pingpong));
}
// Wall-clock time: on OS threads the work is done by threads other than the one timed.
BENCHMARK_CAPTURE(weft_scheduling_point, random, "random", weft::thread_backend::fibers)->UseRealTime();
BENCHMARK_CAPTURE(weft_scheduling_point, pct, "pct", weft::thread_backend::fibers)->UseRealTime();
// Each yield hands the other thread the baton: a futex wake and a sleep per point.
BENCHMARK_CAPTURE(weft_scheduling_point, random_os_threads, "random", weft::thread_backend::os_threads)->UseRealTime();

// (c) The same ping-pong between two tasks: co_await weft::this_task::yield().
void task_yield_pingpong() {
  auto spin = []() -> weft::task<> {
    for (int i = 0; i < yields_per_thread; ++i) co_await weft::this_task::yield();
  };
  auto a = weft::spawn(spin);
  auto b = weft::spawn(spin);
  a.join();
  b.join();
}

void weft_task_switch(benchmark::State& state) {
  const weft::options opt = quiet("random", 1);
  for (auto _ : state) benchmark::DoNotOptimize(weft::explore(opt, task_yield_pingpong));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * points_per_pingpong));
}
BENCHMARK(weft_task_switch)->UseRealTime();

using weft_bench::w1_mutex_counter;

// W2: four threads each 5x fetch_add(1) on one atomic.
void w2_atomic_counter() {
  weft::atomic<int> x{0};
  std::vector<weft::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) x.fetch_add(1);
    });
  }
  for (auto& t : threads) t.join();
  WEFT_ASSERT(x.load() == 20);
}

// W3: a mutex + condition variable bounded buffer of capacity 2, one producer of 10
// items, one consumer.
void w3_bounded_buffer() {
  weft::mutex m;
  weft::condition_variable not_full;
  weft::condition_variable not_empty;
  std::deque<int> buffer;
  weft::thread producer([&] {
    for (int i = 0; i < 10; ++i) {
      std::unique_lock l(m);
      not_full.wait(l, [&] { return buffer.size() < 2; });
      buffer.push_back(i);
      not_empty.notify_one();
    }
  });
  weft::thread consumer([&] {
    for (int i = 0; i < 10; ++i) {
      std::unique_lock l(m);
      not_empty.wait(l, [&] { return !buffer.empty(); });
      WEFT_ASSERT(buffer.front() == i);
      buffer.pop_front();
      not_full.notify_one();
    }
  });
  producer.join();
  consumer.join();
}

void executions(benchmark::State& state, void (*body)()) {
  const weft::options opt = quiet("random", executions_per_round);
  const std::function<void()> run = body;
  for (auto _ : state) {
    const weft::report r = weft::explore(opt, run);
    if (r.failed()) state.SkipWithError("the workload failed");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * executions_per_round));
}
// The fixed cost of an explore() call, what a property test pays per generated case: one
// execution of an empty body, with the options a user gets (the determinism check on).
void explore_call(benchmark::State& state, const char* strategy) {
  weft::options opt;
  opt.strategy = strategy;
  opt.iterations = 1;
  opt.quiet = true;
  const std::function<void()> empty = [] {};
  for (auto _ : state) {
    const weft::report r = weft::explore(opt, empty);
    if (r.failed()) state.SkipWithError("an empty body failed");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK_CAPTURE(explore_call, random, "random");
BENCHMARK_CAPTURE(explore_call, portfolio, "portfolio");

BENCHMARK_CAPTURE(executions, W1_mutex_counter, w1_mutex_counter);
BENCHMARK_CAPTURE(executions, W2_atomic_counter, w2_atomic_counter);
BENCHMARK_CAPTURE(executions, W3_bounded_buffer, w3_bounded_buffer);

// The memory model's cost per atomic operation: two threads each store one atomic and
// load the other's 10 times, with the given orders. seq_cst alone is not tracked; a
// weft::shared<T> access (`tracked`) makes the exploration track happens-before and
// store histories, as weaker orders do.
template <std::memory_order store_order, std::memory_order load_order, bool tracked>
void stores_and_loads() {
  weft::atomic<int> x{0}, y{0};
  if constexpr (tracked) {
    weft::shared<int> cell;
    cell.write() = 1;
  }
  weft::thread other([&] {
    for (int i = 0; i < 10; ++i) {
      x.store(i, store_order);
      benchmark::DoNotOptimize(y.load(load_order));
    }
  });
  for (int i = 0; i < 10; ++i) {
    y.store(i, store_order);
    benchmark::DoNotOptimize(x.load(load_order));
  }
  other.join();
}
constexpr auto relaxed = std::memory_order_relaxed;
constexpr auto seq_cst = std::memory_order_seq_cst;
BENCHMARK_CAPTURE(executions, stores_loads_seq_cst, stores_and_loads<seq_cst, seq_cst, false>);
BENCHMARK_CAPTURE(executions, stores_loads_seq_cst_tracked, stores_and_loads<seq_cst, seq_cst, true>);
BENCHMARK_CAPTURE(executions, stores_loads_release_acquire,
                  stores_and_loads<std::memory_order_release, std::memory_order_acquire, false>);
BENCHMARK_CAPTURE(executions, stores_loads_relaxed, stores_and_loads<relaxed, relaxed, false>);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  weft_bench::summary_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);

  const double raw_ns = 1e9 / reporter.rate("raw_fiber_switch");
  std::printf("\nsummary (one run):\n");
  std::printf("  raw Boost.Context switch              %8.2f ns\n", raw_ns);
  for (const char* strategy : {"random", "pct"}) {
    const double point_ns = 1e9 / reporter.rate(std::string("weft_scheduling_point/") + strategy + "/real_time");
    std::printf("  weft scheduling point (%-6s)        %8.2f ns = %.1fx a raw switch\n", strategy, point_ns,
                point_ns / raw_ns);
  }
  const double fiber_point_ns = 1e9 / reporter.rate("weft_scheduling_point/random/real_time");
  const double task_point_ns = 1e9 / reporter.rate("weft_task_switch/real_time");
  std::printf("  weft task switch (co_await yield, random) %8.2f ns = %.2fx a thread's scheduling point\n",
              task_point_ns, task_point_ns / fiber_point_ns);
  const double os_point_ns = 1e9 / reporter.rate("weft_scheduling_point/random_os_threads/real_time");
  std::printf("  weft scheduling point (random, OS threads) %8.0f ns = %.1fx a point on fibers\n", os_point_ns,
              os_point_ns / fiber_point_ns);
  for (const char* strategy : {"random", "portfolio"}) {
    std::printf("  explore() of one empty execution (%-9s) %8.2f us\n", strategy,
                1e6 / reporter.rate(std::string("explore_call/") + strategy));
  }
  for (const char* workload : {"W1_mutex_counter", "W2_atomic_counter", "W3_bounded_buffer"}) {
    std::printf("  %-20s executions/s (random) %10.0f\n", workload,
                reporter.rate(std::string("executions/") + workload));
  }
  // 40 atomic operations per execution: the time an operation adds over an untracked
  // seq_cst one.
  const double untracked_ns = 1e9 / reporter.rate("executions/stores_loads_seq_cst");
  for (const char* orders : {"seq_cst_tracked", "release_acquire", "relaxed"}) {
    const double ns = 1e9 / reporter.rate(std::string("executions/stores_loads_") + orders);
    std::printf("  stores and loads, %-16s %8.0f ns per execution = %.2fx seq_cst untracked (%+.0f ns per operation)\n",
                orders, ns, ns / untracked_ns, (ns - untracked_ns) / 40);
  }
  benchmark::Shutdown();
  return 0;
}

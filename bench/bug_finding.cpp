// How many executions each strategy needs to find classic concurrency bugs.
//
//   ./build/bench/weft_bug_finding [seeds=20] [limit=10000] [name filter] [first seed=1]
//
// For every bug and strategy: the median and the worst number of executions to the
// first failure over `seeds` seeds from the first, within `limit` executions (">limit"
// when a seed did not find it); dfs is deterministic and runs once. The last column
// divides the default's median (portfolio) by the best median of the single sampling
// strategies.
// The bugs are in classic_bugs.hpp and weak_memory_bugs.hpp, CHESS's work-stealing
// queues in the_work_steal_queue.hpp, SafeStack in safe_stack.hpp (its limit is 100,000
// whatever is given). A filter keeps the bugs whose name contains it.
// This counts executions rather than timing them, so it is a plain program.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

#include "classic_bugs.hpp"
#include "safe_stack.hpp"
#include "schedules_to_find.hpp"
#include "the_work_steal_queue.hpp"
#include "weak_memory_bugs.hpp"

namespace {

struct bug {
  const char* name;
  std::function<void()> body;
  std::uint64_t limit = 0;  // 0: the limit given on the command line
};

}  // namespace

int main(int argc, char** argv) {
  using namespace weft_bench;
  const std::uint64_t seeds = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20;
  const std::uint64_t limit = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10000;
  const std::string filter = argc > 3 ? argv[3] : "";
  const std::uint64_t first_seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 1;
  const std::vector<bug> bugs = {
      {"lost update", lost_update},
      {"ABBA deadlock", abba_deadlock},
      {"lost wakeup", lost_wakeup},
      {"check-then-act", check_then_act},
      {"double-checked locking", double_checked_locking},
      {"reorder_3", [] { reorder(3); }},
      {"reorder_10", [] { reorder(10); }},
      {"reorder_20", [] { reorder(20); }},
      {"twostage_3", [] { twostage(3); }},
      {"twostage_10", [] { twostage(10); }},
      {"twostage_20", [] { twostage(20); }},
      {"dining philosophers (5)", [] { dining_philosophers(5); }},
      {"dining philosophers (7)", [] { dining_philosophers(7); }},
      {"work-stealing queue", work_stealing_queue},
      {"CHESS WorkStealQueue", the_queue::work_steal_queue},
      {"CHESS InterlockedWorkStealQueue", the_queue::interlocked_work_steal_queue},
      {"SafeStack", safe_stack::safe_stack, 100000},
      {"bounded buffer with if", bounded_buffer_if},
      {"Peterson, broken flag order", [] { peterson(true); }},
      {"order violation", order_violation},
      {"Peterson, release/acquire (weak memory)", [] { weak::peterson(weak::release, weak::acquire); }},
      {"Dekker, no fences (weak memory)", [] { weak::dekker(false); }},
      {"ring, relaxed index (weak memory)", [] { weak::spsc_ring(weak::relaxed, weak::relaxed); }},
      {"seqlock, no acquire fence (weak memory)", [] { weak::seqlock(false); }},
  };
  const auto limit_of = [&](const bug& b) { return b.limit != 0 ? b.limit : limit; };
  const auto find = [&](const bug& b, const std::string& strategy, std::uint64_t seed) {
    weft::options opt;
    opt.strategy = strategy;
    opt.seed = seed;
    opt.iterations = limit_of(b);
    return weft_bench::executions_to_find(opt, b.body);
  };
  const std::vector<std::string> sampled = {"random", "pct", "pos", "surw", "feedback", "portfolio"};
  std::printf(
      "executions to the first failure: median / worst over %llu seeds from %llu (limit %llu, SafeStack 100000); "
      "dfs: one run\n\n",
      static_cast<unsigned long long>(seeds), static_cast<unsigned long long>(first_seed),
      static_cast<unsigned long long>(limit));
  std::printf(
      "| bug | random | pct | pos | surw | feedback | portfolio (default) | dfs | default / best |\n"
      "|---|---|---|---|---|---|---|---|---|\n");
  for (const bug& b : bugs) {
    if (std::string(b.name).find(filter) == std::string::npos) continue;
    std::printf("| %s", b.name);
    std::vector<std::uint64_t> medians;  // of each sampled strategy, limit + 1 when not found
    for (const std::string& strategy : sampled) {
      std::vector<std::uint64_t> found;
      for (std::uint64_t seed = first_seed; seed < first_seed + seeds; ++seed) found.push_back(find(b, strategy, seed));
      std::printf(" | %s", weft_bench::median_and_worst(found, limit_of(b)).c_str());
      medians.push_back(weft_bench::median_count(found, limit_of(b)));
    }
    const std::uint64_t dfs = find(b, "dfs", 1);
    std::printf(" | %s", dfs == 0 ? (">" + std::to_string(limit_of(b))).c_str() : std::to_string(dfs).c_str());
    // The default (the last sampled) against the best single sampled strategy.
    const std::uint64_t best = *std::min_element(medians.begin(), medians.end() - 1);
    std::printf(" | %.2f |\n", static_cast<double>(medians.back()) / static_cast<double>(best));
    std::fflush(stdout);
  }
  return 0;
}

// The table in examples/README.md: for every example's bug, the median number of
// executions random, PCT and the default strategy (portfolio) need to find it from
// scratch, over `seeds` seeds.
//
//   ./build/bench/weft_examples_table [seeds=20] [limit=10000]
//   ./build/bench/weft_examples_table --show NAME   # the report a README pastes
//   ./build/bench/weft_examples_table --check-readme NAME README EXAMPLES_DIR
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "actor/scenarios.hpp"
#include "async_actor/scenarios.hpp"
#include "async_pipeline/scenarios.hpp"
#include "cache/scenarios.hpp"
#include "circuit_breaker/scenarios.hpp"
#include "fan_out/scenarios.hpp"
#include "pipeline/scenarios.hpp"
#include "schedules_to_find.hpp"
#include "task_service/scenarios.hpp"
#include "spsc_ring/scenarios.hpp"
#include "work_stealing/scenarios.hpp"

namespace {

std::vector<example::example_case> all_cases() {
  return {
      example::careless_pipeline_shutdown(),
      example::stages_cancelled_mid_flight(),
      example::shared_reply_channel(),
      example::lock_held_across_co_await(),
      example::gathered_before_last_job(),
      example::lock_held_across_slow_call(),
      example::dependency_calls_back_into_cache(),
      example::two_trials_in_half_open(),
      example::task_failure_lost(),
      example::shutdown_returns_early(),
      example::steal_races_take_without_fence(),
      example::relaxed_ring_indices(),
  };
}

// Prints the report of the first seed's run of the wrong version of every bug of the
// example `name`, as a user would see it, and whether the right version passed ten times
// the budget.
int show(const std::string& name, std::ostream& out) {
  bool known = false;
  bool as_expected = true;
  for (const example::example_case& c : all_cases()) {
    if (c.example != name) continue;
    known = true;
    const weft::report found = weft::explore(c.options("random", 1, c.budget), c.wrong);
    out << "== " << c.bug << "\n" << found << '\n';
    const weft::report right = weft::explore(c.options("random", 1, 10 * c.budget), c.right);
    out << "right version: " << right << '\n';
    as_expected = as_expected && found.kind() == c.kind && !right.failed();
  }
  if (!known) {
    std::cerr << "no example named '" << name << "'; known:";
    for (const example::example_case& c : all_cases()) std::cerr << ' ' << c.example;
    std::cerr << '\n';
  }
  return known && as_expected ? EXIT_SUCCESS : EXIT_FAILURE;
}

std::string trimmed(const std::string& line) {
  const auto first = line.find_first_not_of(' ');
  return first == std::string::npos ? "" : line.substr(first, line.find_last_not_of(' ') - first + 1);
}

// The READMEs say their reports were pasted from a real run; this keeps it true. Fails
// unless every line of the fenced blocks of `readme` (but "..." elisions) is printed by
// show(name) today, with `examples_dir` + "/" cut from paths as the READMEs shorten them.
int check_readme(const std::string& name, const std::string& readme, const std::string& examples_dir) {
  std::ostringstream printed;
  if (show(name, printed) != EXIT_SUCCESS) return EXIT_FAILURE;
  std::string shown = printed.str();
  const std::string prefix = examples_dir + "/";
  for (auto at = shown.find(prefix); at != std::string::npos; at = shown.find(prefix, at)) shown.erase(at, prefix.size());

  std::ifstream in(readme);
  if (!in) {
    std::cerr << "cannot read " << readme << '\n';
    return EXIT_FAILURE;
  }
  int missing = 0;
  bool in_block = false;
  for (std::string line; std::getline(in, line);) {
    const std::string text = trimmed(line);
    if (text.starts_with("```")) {
      in_block = !in_block;
      continue;
    }
    if (!in_block || text.empty() || text == "...") continue;
    if (shown.find(text) == std::string::npos) {
      std::cerr << readme << ": not printed by weft today: " << text << '\n';
      ++missing;
    }
  }
  if (missing != 0) std::cerr << "re-paste from: weft_examples_table --show " << name << '\n';
  return missing == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--show") return show(argv[2], std::cout);
  if (argc == 5 && std::string(argv[1]) == "--check-readme") return check_readme(argv[2], argv[3], argv[4]);
  const std::uint64_t seeds = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20;
  const std::uint64_t limit = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10000;
  if (seeds == 0 || limit == 0) {
    std::cerr << "usage: weft_examples_table [seeds>0] [limit>0] | --show NAME | --check-readme NAME README DIR\n";
    return EXIT_FAILURE;
  }
  std::printf("executions to the first failure, median over %llu seeds (limit %llu)\n\n",
              static_cast<unsigned long long>(seeds), static_cast<unsigned long long>(limit));
  std::printf("| example | bug | failure kind | random | pct | portfolio (default) |\n|---|---|---|---|---|---|\n");
  for (const example::example_case& c : all_cases()) {
    std::printf("| %s | %s | %s", c.example.c_str(), c.bug.c_str(), std::string(to_string(c.kind)).c_str());
    for (const std::string strategy : {"random", "pct", "portfolio"}) {
      std::vector<std::uint64_t> found;
      for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
        found.push_back(weft_bench::executions_to_find(c.options(strategy, seed, limit), c.wrong));
      }
      std::printf(" | %s", weft_bench::median(found, limit).c_str());
    }
    std::printf(" |\n");
    std::fflush(stdout);
  }
  return EXIT_SUCCESS;
}

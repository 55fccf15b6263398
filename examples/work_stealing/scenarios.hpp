// The deque's test body: the owner pushes three tasks and runs them, while two thieves
// steal; every task must run exactly once.
#pragma once

#include <vector>

#include <weft/assert.hpp>
#include <weft/thread.hpp>

#include "example_case.hpp"
#include "work_stealing/deque.hpp"

namespace example {

inline void owner_and_two_thieves(take_fence fence) {
  constexpr int tasks = 3;
  work_stealing_deque<int, 4> deque(fence);
  for (int task = 0; task < tasks; ++task) deque.push(task);

  // Each thread notes what it ran in its own list: nothing shared but the deque.
  std::vector<std::vector<int>> ran(3);
  std::vector<weft::thread> thieves;
  for (std::size_t thief = 1; thief <= 2; ++thief) {
    thieves.emplace_back([&, thief] {
      weft::this_thread::set_name(thief == 1 ? "thief-1" : "thief-2");
      for (int attempt = 0; attempt < 2; ++attempt) {
        if (auto task = deque.steal()) ran[thief].push_back(*task);
      }
    });
  }
  while (auto task = deque.take()) ran[0].push_back(*task);
  for (auto& t : thieves) t.join();

  std::vector<int> times_run(tasks, 0);
  for (const auto& list : ran) {
    for (int task : list) ++times_run[static_cast<std::size_t>(task)];
  }
  for (int count : times_run) WEFT_ASSERT(count == 1, "a task ran twice or never");
}

inline example_case steal_races_take_without_fence() {
  return {
      .example = "work_stealing",
      .bug = "take() without its seq_cst fence keeps a task a thief steals",
      .kind = weft::failure_kind::assertion,
      .budget = 2000,
      .wrong = [] { owner_and_two_thieves(take_fence::missing); },
      .right = [] { owner_and_two_thieves(take_fence::present); },
  };
}

}  // namespace example

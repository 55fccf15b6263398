// The fan-out's test body: five jobs on two workers. Each job records itself in shared
// metrics (a mutex: a point where a worker can be preempted) and computes its result.
#pragma once

#include <mutex>
#include <vector>

#include <weft/mutex.hpp>

#include <weft/assert.hpp>

#include "example_case.hpp"
#include "fan_out/fan_out.hpp"

namespace example {

inline void five_jobs_on_two_workers(completion_count count) {
  const std::vector<int> inputs = {3, 1, 4, 1, 5};
  weft::mutex metrics_mutex;
  int calls = 0;
  const std::function<int(const int&)> square = [&](const int& x) {
    {
      std::lock_guard lock(metrics_mutex);
      ++calls;
    }
    return x * x;
  };
  const std::vector<std::optional<int>> results = map_concurrently(inputs, 2, square, count);
  WEFT_ASSERT(calls == 5, "a job ran twice or never");
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    WEFT_ASSERT(results[i].has_value(), "a job's result was gathered before the job finished");
    WEFT_ASSERT(*results[i] == inputs[i] * inputs[i], "a result landed in the wrong slot");
  }
}

inline example_case gathered_before_last_job() {
  return {
      .example = "fan_out",
      .bug = "results gathered before the last job finished",
      .kind = weft::failure_kind::assertion,
      .budget = 500,
      .wrong = [] { five_jobs_on_two_workers(completion_count::when_taken); },
      .right = [] { five_jobs_on_two_workers(completion_count::when_stored); },
  };
}

}  // namespace example

// Fan-out / fan-in with bounded concurrency: N jobs spread over K workers, the results
// gathered back in the jobs' order.
//
//   caller --jobs (capacity K)--> K workers --results[i]--> caller
//
// The job channel holds at most K jobs, so the caller never runs far ahead of the
// workers, and K threads bound how many jobs run at once. Each job's result goes to its
// own slot, so results come back in input order however the jobs finish.
//
// The caller must not read the slots before the *last job has finished*. The hasty
// gatherer counts a job as done when a worker takes it from the channel ("it is in
// hand, it will be done"), so it gathers while the last jobs are still running and
// returns their slots empty. The right one counts a job when its result is stored.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <weft/channel.hpp>
#include <weft/latch.hpp>
#include <weft/mutex.hpp>
#include <weft/thread.hpp>

namespace example {

enum class completion_count { when_taken, when_stored };

// Runs work(inputs[i]) for every i on `workers` threads and returns the results in input
// order; a slot is empty if its result was not there when the results were gathered.
// Blocks until every worker has exited. work must not throw.
template <class In, class Out>
std::vector<std::optional<Out>> map_concurrently(const std::vector<In>& inputs, std::size_t workers,
                                                 const std::function<Out(const In&)>& work, completion_count count) {
  weft::channel<std::size_t> jobs(workers);
  weft::mutex results_mutex;
  std::vector<std::optional<Out>> results(inputs.size());
  weft::latch all_done(static_cast<std::ptrdiff_t>(inputs.size()));

  std::vector<weft::thread> pool;
  for (std::size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&, w] {
      weft::this_thread::set_name("worker-" + std::to_string(w + 1));
      while (std::optional<std::size_t> job = jobs.recv()) {
        if (count == completion_count::when_taken) all_done.count_down();
        Out result = work(inputs[*job]);
        {
          std::lock_guard lock(results_mutex);
          results[*job] = std::move(result);
        }
        if (count == completion_count::when_stored) all_done.count_down();
      }
    });
  }
  for (std::size_t job = 0; job < inputs.size(); ++job) jobs.send(job);
  jobs.close();

  all_done.wait();
  std::vector<std::optional<Out>> gathered;
  {
    std::lock_guard lock(results_mutex);
    gathered = results;
  }
  for (weft::thread& worker : pool) worker.join();
  return gathered;
}

}  // namespace example

// Which executions of an exploration this process (or worker) runs.
#pragma once

#include <cstdint>
#include <functional>

#include <weft/explore.hpp>

#include "api/exploration_statistics.hpp"

WEFT_BEGIN_NAMESPACE

// Execution `index` (whose seed derives from (options::seed, index)) belongs to shard
// `shard_index` of `shard_count` when index % shard_count == shard_index, and within the
// shard to worker `worker` of `workers` when (index / shard_count) % workers == worker.
// The shards and workers of a run therefore partition its executions exactly.
struct share {
  std::uint64_t shard_index;
  std::uint64_t shard_count;
  std::uint64_t worker;
  std::uint64_t workers;

  bool owns(std::uint64_t index) const noexcept {
    return index % shard_count == shard_index && (index / shard_count) % workers == worker;
  }
};

// The exploration loop over the executions `mine` owns. `opt` has passed
// check_exploration (settings_check.hpp): nothing here checks it again.
// `counted`, when not null, receives the statistics of the executions run (for workers,
// whose parent merges them).
report explore_share(const options& opt, const std::function<void()>& body, const share& mine,
                     detail::exploration_statistics* counted = nullptr);
// Fills the statistics part of `result`; `failing_index` is the failing execution's.
void describe(report& result, const detail::exploration_statistics& statistics, std::uint64_t failing_index);
// Forks options::workers processes, each exploring its part of this process's shard;
// stops all at the first failure, which is then replayed here for the report.
report explore_in_workers(const options& opt, const std::function<void()>& body);

WEFT_END_NAMESPACE

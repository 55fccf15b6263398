// What the exploration injects into the code under test: the seed of weft::random(),
// buggify() failures, and request_stop() on cancellable stop sources. Every one of them
// is a recorded choice, so a token replays them.
#include <algorithm>

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

std::uint64_t execution::random_value() {
  if (!random_seeded_) {
    random_stream_.reseed(choose(decision::random_seed, ~std::uint64_t{0}, 0));
    random_seeded_ = true;
  }
  return random_stream_.next();
}

bool execution::buggify(double probability, std::source_location where) {
  if (!config_.buggify || stopping_) return false;
  auto site = std::find_if(buggify_sites_.begin(), buggify_sites_.end(), [&](const buggify_site& s) {
    return s.line == where.line() && s.column == where.column() && s.file == where.file_name();
  });
  if (site == buggify_sites_.end()) {
    // As in FoundationDB's simulation, a site is enabled for a whole run or not at all,
    // so most runs exercise only a few failure points at once.
    const bool enabled = choose(decision::buggify_site, 2, 0) == 1;
    site = buggify_sites_.insert(buggify_sites_.end(),
                                 buggify_site{where.file_name(), where.line(), where.column(), enabled, false});
  }
  if (!site->enabled || site->fired) return false;
  if (choose(decision::buggify, 2, 0, std::clamp(probability, 0.0, 1.0)) == 0) return false;
  site->fired = true;
  record_event(op::buggify_fired, target{}, where);
  return true;
}

void execution::add_cancellable(const std::stop_source& source, stop_owner owner, thread_index task) {
  if (owner == stop_owner::jthread && !config_.cancel_jthreads) return;
  if (owner == stop_owner::task && !config_.cancel_tasks) return;
  if (!source.stop_possible()) return;
  cancellables_.push_back({source, task});
  attention_ = true;
}

void execution::maybe_inject_cancellation(std::source_location where) {
  std::size_t eligible = 0;
  for (const auto& c : cancellables_) eligible += c.source.stop_requested() ? 0 : 1;
  if (eligible == 0) return;
  std::uint64_t pick = choose(decision::cancel, eligible + 1, 0);
  if (pick == 0) return;
  for (std::size_t i = 0; i < cancellables_.size(); ++i) {
    if (cancellables_[i].source.stop_requested() || --pick != 0) continue;
    --cancellations_left_;
    const thread_index task = cancellables_[i].task;
    record_event(op::cancel_injected,
                 task != no_thread ? target_of_thread(task)
                                   : target{object_kind::stop_source, static_cast<std::uint32_t>(i + 1)},
                 where);
    // Stop callbacks run now, on this thread, as if it had called request_stop() here.
    injecting_ = true;
    cancellables_[i].source.request_stop();
    injecting_ = false;
    return;
  }
}

}  // namespace weft::inline sim_v1::detail

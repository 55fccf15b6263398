#include "api/minimize.hpp"

#include "api/recording.hpp"
#include "strategy/guided.hpp"

namespace weft::inline sim_v1::detail {

namespace {

// Whether two failures are the same for the search: same kind, same source line.
bool same_failure(const failure_record& a, const failure_record& b) noexcept {
  return a.kind == b.kind && a.where.file == b.where.file && a.where.line == b.where.line;
}

}  // namespace

minimized minimize(const minimized& failing, const candidate_runner& run, std::chrono::milliseconds budget) {
  minimized best = failing;
  const auto deadline = std::chrono::steady_clock::now() + budget;
  const auto smaller = [&](const minimized& candidate) {
    const std::size_t deviations = candidate.schedule.deviations.size();
    return deviations < best.schedule.deviations.size() ||
           (deviations == best.schedule.deviations.size() && candidate.steps < best.steps);
  };

  bool improved = true;
  while (improved && std::chrono::steady_clock::now() < deadline) {
    improved = false;
    const auto& current = best.schedule.deviations;
    for (std::size_t chunk = std::max<std::size_t>(current.size() / 2, 1); chunk >= 1 && !improved; chunk /= 2) {
      for (std::size_t start = 0; start < current.size() && !improved; start += chunk) {
        if (std::chrono::steady_clock::now() >= deadline) return best;
        std::vector<deviation> candidate(current.begin(), current.begin() + static_cast<std::ptrdiff_t>(start));
        candidate.insert(candidate.end(), current.begin() + static_cast<std::ptrdiff_t>(std::min(start + chunk, current.size())),
                         current.end());
        const std::optional<minimized> tried = run(std::move(candidate));
        if (!tried || !smaller(*tried)) continue;
        best = *tried;
        improved = true;
      }
      if (chunk == 1) break;
    }
  }
  return best;
}

minimized minimize(const recorded_schedule& failing, std::uint64_t steps, const failure_record& failure,
                   const execution_config& config, const std::function<void()>& body, execution_backend& threads,
                   std::chrono::milliseconds budget) {
  const candidate_runner in_this_process = [&](std::vector<deviation> deviations) -> std::optional<minimized> {
    guided_strategy guide(std::move(deviations));
    execution run(guide, config, threads);
    guide.begin_execution(0);
    run.run(body);
    if (!same_failure(run.failure(), failure)) return std::nullopt;
    return minimized{record(run, failing), run.steps()};
  };
  return minimize(minimized{failing, steps}, in_this_process, budget);
}

}  // namespace weft::inline sim_v1::detail

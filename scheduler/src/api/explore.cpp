// weft::explore and weft::replay: the loop over executions, and confirming a schedule by
// replaying it and comparing the two runs event by event.
#include <atomic>
#include <chrono>
#include <memory>

#include <weft/explore.hpp>

#include "api/backends.hpp"
#include "api/crash_guard.hpp"
#include "api/lazy_tracking.hpp"
#include "api/minimize.hpp"
#include "api/recording.hpp"
#include "api/progress.hpp"
#include "api/settings_check.hpp"
#include "api/share.hpp"
#include "api/timelines.hpp"
#include "api/watchdog.hpp"
#include "execution/execution.hpp"
#include "report/report_builder.hpp"
#include "report/trace_diff.hpp"
#include "schedule/token.hpp"
#include "strategy/replay.hpp"
#include "strategy/strategy.hpp"

WEFT_BEGIN_NAMESPACE

namespace detail {

namespace {
std::atomic<bool> lazy_tracking_allowed{true};
}  // namespace

void track_memory_from_the_start() noexcept { lazy_tracking_allowed.store(false, std::memory_order_relaxed); }
bool may_track_lazily() noexcept { return lazy_tracking_allowed.load(std::memory_order_relaxed); }

}  // namespace detail

namespace {

using namespace detail;

// `lazily`: start untracked (execution_config::track_lazily). Not for a search that must
// see the same questions each time it runs a prefix again (dfs).
execution_config config_of(const options& opt, bool lazily) {
  return execution_config{opt.max_steps,
                          opt.spurious_wakeups,
                          opt.early_timeouts,
                          opt.check_lock_across_blocking,
                          opt.max_cancellations,
                          opt.cancel_jthreads,
                          opt.buggify,
                          opt.memory_model == memory_model::sc ? memory_mode::sc : memory_mode::c11,
                          lazily && may_track_lazily(),
                          static_cast<std::uint32_t>(opt.store_history),
                          opt.cancel_tasks,
                          opt.check_lock_across_await};
}

// A run of a recorded schedule. `divergence` is empty when the run made exactly the
// recorded choices.
struct replayed {
  std::unique_ptr<execution> run;
  std::string divergence;
};

replayed run_schedule(const recorded_schedule& schedule, const std::function<void()>& body,
                      const options& opt) {
  replay_strategy chooser(schedule);
  replayed result{std::make_unique<execution>(chooser, config_of(schedule), backend_for(opt)), {}};
  chooser.begin_execution(0);
  result.run->run(body);
  if (result.run->failure().kind == failure_kind::replay_diverged) {
    result.divergence = result.run->failure().message;
  } else {
    result.divergence = chooser.check_complete(result.run->choices());
  }
  return result;
}

// A replay of what `ex` just ran, and how it differed from it (empty if it did exactly
// the same). `ex` may have kept only its latest events: those are compared, and the count.
struct compared_replay {
  std::unique_ptr<execution> run;
  std::string difference;
};

compared_replay replay_and_compare(const execution& ex, const recorded_schedule& schedule,
                                   const std::function<void()>& body, const options& opt) {
  replayed again = run_schedule(schedule, body, opt);
  std::string difference = again.divergence.empty() ? first_difference(ex, *again.run) : std::move(again.divergence);
  return {std::move(again.run), std::move(difference)};
}

// For a replay of a token the user gave (weft::replay), not for the replays an exploration
// makes of what it just ran.
constexpr const char* changed_code_hint = "Was the code under test (or the test) changed since the token was recorded?";

constexpr const char* nondeterminism_hint =
    ". The body depends on something weft does not control: real threads, real time "
    "(std::chrono clocks instead of weft's), unseeded randomness (std::rand instead of "
    "weft::random), or state kept from one execution to the next";

// Shrinks the failing schedule `ex` ran, then describes a replay of the smaller one (or
// of the original if the smaller one does not fail the same way on its own). Returns the
// token of the schedule described.
std::string describe_minimized(report& result, const recorded_schedule& found, const execution& ex,
                               const std::function<void()>& body, const options& opt) {
  const auto budget = std::chrono::milliseconds(static_cast<std::int64_t>(opt.minimize_seconds * 1000));
  recorded_schedule reported = found;
  if (budget.count() > 0) {
    reported =
        minimize(found, ex.steps(), ex.failure(), config_of(found), body, backend_for(opt), budget).schedule;
  }
  replayed again = run_schedule(reported, body, opt);
  if (!again.divergence.empty() || again.run->failure().kind != ex.failure().kind) {
    reported = found;
    again = run_schedule(reported, body, opt);
  }
  report_builder::describe_failure(result, *again.run);
  report_builder::describe_sizes(result, found.deviations.size(), ex.steps(), reported.deviations.size());
  return encode_token(reported);
}

}  // namespace

report explore(const options& opt, const std::function<void()>& body) {
  check_exploration(opt);
  report result = opt.workers > 1 ? explore_in_workers(opt, body)
                                  : explore_share(opt, body, share{opt.shard_index, opt.shard_count, 0, 1});
  if (result.failed() && !opt.trace_dir.empty()) write_timelines(result, opt);
  report_builder::keep_shown_events(result);
  return result;
}

void describe(report& result, const exploration_statistics& statistics, std::uint64_t failing_index) {
  report_builder::describe_statistics(result, statistics.distinct(), statistics.distinct_estimated(), failing_index);
  report_builder::describe_steps(result, statistics.min_steps(), statistics.median_steps(), statistics.max_steps());
}

report explore_share(const options& opt, const std::function<void()>& body, const share& mine,
                     exploration_statistics* counted) {
  std::unique_ptr<strategy> chooser = make_strategy(opt.strategy, opt.seed);
  const execution_config config = config_of(opt, !chooser->exhaustive());
  execution ex(*chooser, config, backend_for(opt));
  progress_line progress(opt);
  crash_guard crashes;
  stall_guard stalls(opt.stall_timeout);
  exploration_statistics own;
  exploration_statistics& statistics = counted != nullptr ? *counted : own;
  report result;
  std::uint64_t runs = 0;
  bool exhausted = false;
  for (std::uint64_t index = 0; opt.iterations == 0 || index < opt.iterations; ++index) {
    if (!mine.owns(index)) continue;
    if (!chooser->begin_execution(index)) {
      exhausted = true;
      break;
    }
    ex.keep_every_event(runs == 0);  // see below, where a run is replayed
    ex.run(body);
    if (ex.tracking_started()) {
      // The run met a weak order or a weft::shared<T> untracked: the same execution
      // again, tracked, replaces it (strategies derive an execution from its index).
      chooser->begin_execution(index);
      ex.run(body);
    }
    ++runs;
    chooser->end_execution(ex.steps());
    statistics.add(ex.choices().schedule_hash(), ex.steps());
    progress.update(runs, [&] { return statistics.distinct(); });
    const bool first_check = runs == 1 && opt.check_determinism;
    if (!ex.failed() && !first_check) continue;

    // Every failure, and the first execution, is replayed and compared before anything is
    // reported (unless options::check_determinism is off): a schedule that does not
    // replay is a nondeterministic body, not a bug to show. The first run keeps every
    // event (it is the one compared with its replay, and the only run of a body that runs
    // once per process); the others keep only their latest (trace_buffer), so a failing
    // one is replayed even with the check off, and the replay, if it did the same, is
    // what the report shows. With the check off, a replay that differs is not reported:
    // the failure is, as found, with the events it kept.
    const recorded_schedule schedule = record(ex, header_of(config));
    if (ex.failed()) {
      const std::string summary = std::string(to_string(ex.failure().kind)) + ": " + ex.failure().message +
                                  "; it replays with WEFT_REPLAY=" + encode_token(schedule);
      stalls.found(summary);
      crashes.found(summary);
    }
    compared_replay again;
    if (opt.check_determinism || !ex.events_complete()) again = replay_and_compare(ex, schedule, body, opt);
    const bool shows_more = again.run && !ex.events_complete() && again.difference.empty();
    const execution& found = shows_more ? *again.run : ex;
    const std::string difference = opt.check_determinism ? std::move(again.difference) : std::string();
    if (difference.empty() && !ex.failed()) continue;
    std::string token;
    if (difference.empty() && opt.minimize_seconds > 0) {
      token = describe_minimized(result, schedule, found, body, opt);
    } else if (difference.empty()) {
      // Nothing to shrink, nothing to check: the run as found (a body that can run only
      // once per process, as weft-run's programs, is never run again: it is an
      // exploration's first run, which keeps every event).
      token = encode_token(schedule);
      report_builder::describe_failure(result, found);
    } else {
      token = encode_token(schedule);
      report_builder::describe_failure(result, found);
      report_builder::reclassify(result, failure_kind::nondeterminism,
                                 "the same schedule did not run the same way twice: " + difference +
                                     nondeterminism_hint);
    }
    report_builder::describe_run(result, runs, opt.seed, chooser->summary(), token, opt.report_events);
    describe(result, statistics, index);
    return result;
  }
  report_builder::describe_run(result, runs, opt.seed, chooser->summary(), {}, opt.report_events);
  describe(result, statistics, 0);
  if (exhausted) report_builder::mark_exhausted(result, chooser->left_out_schedules());
  return result;
}

report replay(std::string_view token, const std::function<void()>& body, const options& opt) {
  check_values(opt);
  check_trace_dir(opt.trace_dir);
  const recorded_schedule schedule = decode_token(token);
  const crash_guard crashes;
  const stall_guard stalls(opt.stall_timeout);
  replayed again = run_schedule(schedule, body, opt);
  report result;
  report_builder::describe_run(result, 1, opt.seed, "replay", std::string(token), opt.report_events);
  report_builder::describe_failure(result, *again.run);
  const auto recorded = static_cast<failure_kind>(schedule.failure);
  if (!again.divergence.empty()) {
    report_builder::reclassify(result, failure_kind::replay_diverged,
                               "the replay diverged from the recorded schedule: " + again.divergence + ". " +
                                   changed_code_hint);
  } else if (again.run->failure().kind != recorded) {
    report_builder::reclassify(
        result, failure_kind::replay_diverged,
        "the recorded run ended with " +
            (recorded == failure_kind::none ? std::string("no failure") : std::string(to_string(recorded))) +
            ", but the replay with " +
            detail::describe_outcome(again.run->failure()) +
            ". " + changed_code_hint);
  }
  // A replay is how a failure is looked at again: its timeline too (WEFT_REPLAY with
  // WEFT_TRACE_DIR, weft-run --replay).
  if (result.failed() && !opt.trace_dir.empty()) write_timelines(result, opt);
  report_builder::keep_shown_events(result);
  return result;
}

WEFT_END_NAMESPACE

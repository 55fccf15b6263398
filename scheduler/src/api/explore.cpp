// weft::explore and weft::replay: the loop over executions, and confirming a failure by
// replaying it before it is reported.
#include <memory>

#include <weft/explore.hpp>

#include "execution/execution.hpp"
#include "fiber/stack_pool.hpp"
#include "report/report_builder.hpp"
#include "schedule/token.hpp"
#include "strategy/replay.hpp"
#include "strategy/strategy.hpp"

WEFT_BEGIN_NAMESPACE

namespace {

using namespace detail;

// One pool per OS thread, alive across explorations: mapping stacks is the expensive
// part of starting a thread, and every execution starts several.
stack_pool& stacks_for(std::size_t stack_size) {
  thread_local std::unique_ptr<stack_pool> pool;
  if (!pool || pool->stack_size() < stack_size) pool = std::make_unique<stack_pool>(stack_size);
  return *pool;
}

execution_config config_of(const options& opt) {
  return execution_config{opt.max_steps, opt.spurious_wakeups, opt.early_timeouts,
                          opt.check_lock_across_blocking, false};
}

recorded_schedule record(const execution& ex, const execution_config& config) {
  recorded_schedule s;
  s.flags = static_cast<std::uint8_t>(
      (config.spurious_wakeups ? recorded_schedule::spurious_wakeups : 0) |
      (config.early_timeouts ? recorded_schedule::early_timeouts : 0) |
      (config.check_lock_across_blocking ? recorded_schedule::check_lock_across_blocking : 0));
  s.failure = static_cast<std::uint8_t>(ex.failure().kind);
  s.max_steps = config.max_steps;
  s.choice_count = ex.choices().count();
  s.choice_digest = ex.choices().digest();
  s.deviations = ex.choices().deviations();
  return s;
}

// Runs `schedule` once with a full trace. The divergence message is empty when the run
// made exactly the recorded choices.
struct replayed {
  std::unique_ptr<execution> run;
  std::string divergence;
};

replayed run_schedule(const recorded_schedule& schedule, const std::function<void()>& body,
                      std::size_t stack_size) {
  replay_strategy chooser(schedule);
  const execution_config config{schedule.max_steps,
                                (schedule.flags & recorded_schedule::spurious_wakeups) != 0,
                                (schedule.flags & recorded_schedule::early_timeouts) != 0,
                                (schedule.flags & recorded_schedule::check_lock_across_blocking) != 0, true};
  replayed result{std::make_unique<execution>(chooser, config, stacks_for(stack_size)), {}};
  chooser.begin_execution(0);
  result.run->run(body);
  if (result.run->failure().kind == failure_kind::replay_diverged) {
    result.divergence = result.run->failure().message;
  } else {
    result.divergence = chooser.check_complete(result.run->choices());
  }
  return result;
}

std::string kind_and_message(const failure_record& f) {
  if (f.kind == failure_kind::none) return "no failure";
  return std::string(to_string(f.kind)) + " (" + f.message + ")";
}

}  // namespace

report explore(const options& opt, const std::function<void()>& body) {
  std::unique_ptr<strategy> chooser = make_strategy(opt.strategy, opt.seed);
  if (opt.iterations == 0) {
    throw option_error("weft: iterations = 0 asks to run until " + chooser->describe() +
                       " has nothing left to explore, which never happens for it; give a count");
  }
  const execution_config config = config_of(opt);
  execution ex(*chooser, config, stacks_for(opt.stack_size));
  report result;
  std::uint64_t runs = 0;
  while (runs < opt.iterations && chooser->begin_execution(runs)) {
    ex.run(body);
    ++runs;
    chooser->end_execution(ex.steps());
    if (!ex.failed()) continue;

    const recorded_schedule schedule = record(ex, config);
    const std::string token = encode_token(schedule);
    report_builder::describe_run(result, runs, opt.seed, chooser->describe(), token, opt.report_events);
    replayed again = run_schedule(schedule, body, opt.stack_size);
    if (again.divergence.empty() && again.run->failure().kind == ex.failure().kind) {
      report_builder::describe_failure(result, *again.run);
      return result;
    }
    report_builder::describe_failure(result, ex);
    report_builder::reclassify(
        result, failure_kind::nondeterminism,
        "the failing schedule did not behave the same when replayed: first run: " +
            kind_and_message(ex.failure()) + "; replay: " +
            (again.divergence.empty() ? kind_and_message(again.run->failure()) : again.divergence) +
            ". The body depends on something weft does not control (real threads, real time, "
            "unseeded randomness, or state kept from one execution to the next)");
    return result;
  }
  report_builder::describe_run(result, runs, opt.seed, chooser->describe(), {}, opt.report_events);
  return result;
}

report replay(std::string_view token, const std::function<void()>& body, const options& opt) {
  const recorded_schedule schedule = decode_token(token);
  replayed again = run_schedule(schedule, body, opt.stack_size);
  report result;
  report_builder::describe_run(result, 1, opt.seed, "replay", std::string(token), opt.report_events);
  report_builder::describe_failure(result, *again.run);
  const auto recorded = static_cast<failure_kind>(schedule.failure);
  if (!again.divergence.empty()) {
    report_builder::reclassify(result, failure_kind::replay_diverged,
                               "the replay diverged from the recorded schedule: " + again.divergence);
  } else if (again.run->failure().kind != recorded) {
    report_builder::reclassify(
        result, failure_kind::replay_diverged,
        "the token recorded a " + std::string(to_string(recorded)) + ", but the replay ended with " +
            kind_and_message(again.run->failure()) +
            ". Was the code under test (or the test) changed since the token was recorded?");
  }
  return result;
}

WEFT_END_NAMESPACE

// The circuit breaker: weft finds the half-open breaker that admits every caller from
// scratch (the fixed workload, several seeds; the token replays), and a RapidCheck
// property over generated workloads checks every explored run against the breaker's
// state machine: it fails for the careless breaker and holds for the right one.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <weft/properties/check.hpp>

#include "circuit_breaker/scenarios.hpp"
#include "expect_example.hpp"

namespace {

// 2 or 3 clients, each making 1 to 5 calls after pauses of 0 to 60ms.
rc::Gen<example::breaker_workload> workloads() {
  return rc::gen::exec([] {
    example::breaker_workload w;
    w.failure_threshold = *rc::gen::inRange(1, 3);
    const int clients = *rc::gen::inRange(2, 4);
    for (int c = 0; c < clients; ++c) {
      w.pauses_ms.push_back(
          *rc::gen::container<std::vector<int>>(*rc::gen::inRange<std::size_t>(1, 6), rc::gen::inRange(0, 61)));
    }
    return w;
  });
}

void follows_the_state_machine(example::trial_admission admission) {
  const example::breaker_workload w = *workloads();
  weft::options opt;
  opt.iterations = 200;  // schedules (and buggify decisions) explored per workload
  weft::explore_property(opt, [&] { example::run_workload(w, admission); });
}

}  // namespace

TEST(CircuitBreakerExample, TwoTrialsInHalfOpenAreFoundFromScratch) {
  example::expect_found_from_scratch(example::two_trials_in_half_open());
}

TEST(CircuitBreakerExample, OneTrialAtATimePasses) {
  example::expect_right_version_passes(example::two_trials_in_half_open());
}

TEST(CircuitBreakerExample, ThePropertyFailsForTheBreakerThatAdmitsEveryCaller) {
  EXPECT_FALSE(rc::check("every run of the careless breaker follows its state machine",
                         [] { follows_the_state_machine(example::trial_admission::every_caller); }));
}

RC_GTEST_PROP(CircuitBreakerExample, EveryRunFollowsTheStateMachine, ()) {
  follows_the_state_machine(example::trial_admission::one_caller);
}

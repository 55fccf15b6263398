// The circuit breaker's test body: clients call a flaky dependency (weft::buggify()
// decides its failures) through one breaker, then the breaker's journal is checked
// against its state machine (breaker_model.hpp). The same body runs the fixed workload
// of the example's test and the workloads RapidCheck generates.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <weft/assert.hpp>
#include <weft/buggify.hpp>
#include <weft/thread.hpp>

#include "circuit_breaker/breaker_model.hpp"
#include "circuit_breaker/circuit_breaker.hpp"
#include "example_case.hpp"

namespace example {

// Each client pauses before each of its calls.
struct breaker_workload {
  int failure_threshold = 1;
  std::vector<std::vector<int>> pauses_ms;  // per client, per call
};

inline void run_workload(const breaker_workload& w, trial_admission admission) {
  using namespace std::chrono_literals;
  circuit_breaker breaker({w.failure_threshold, 50ms, admission});
  const std::function<bool()> flaky_dependency = [] {
    weft::this_thread::sleep_for(10ms);  // the round trip
    if (weft::buggify(0.5)) return false;  // connection refused
    if (weft::buggify(0.5)) return false;  // 503 Service Unavailable
    return true;
  };
  std::vector<weft::thread> clients;
  for (std::size_t c = 0; c < w.pauses_ms.size(); ++c) {
    clients.emplace_back([&, c] {
      weft::this_thread::set_name("client-" + std::to_string(c + 1));
      for (int pause : w.pauses_ms[c]) {
        weft::this_thread::sleep_for(std::chrono::milliseconds(pause));
        breaker.call(flaky_dependency);
      }
    });
  }
  for (weft::thread& c : clients) c.join();
  const std::string violation = first_violation(breaker.journal(), w.failure_threshold);
  WEFT_ASSERT(violation.empty(), "the breaker left its state machine: " + violation);
}

// Two clients calling every 30ms: after a failure opens the breaker, both arrive in the
// same half-open moment.
inline const breaker_workload two_steady_clients{1, {{0, 30, 30, 30}, {0, 30, 30, 30}}};

inline example_case two_trials_in_half_open() {
  return {
      .example = "circuit_breaker",
      .bug = "two callers both admitted as the half-open trial",
      .kind = weft::failure_kind::assertion,
      .budget = 1000,
      .wrong = [] { run_workload(two_steady_clients, trial_admission::every_caller); },
      .right = [] { run_workload(two_steady_clients, trial_admission::one_caller); },
  };
}

}  // namespace example

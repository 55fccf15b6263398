// A circuit breaker: calls to a flaky dependency go through it, and after enough
// failures it stops calling for a while instead of piling load on a struggling service.
//
//   closed --(failure_threshold failures in a row)--> open
//   open --(cool_down elapsed, at the next call)--> half_open
//   half_open --(the one trial call succeeds)--> closed
//   half_open --(the trial call fails)--> open
//
// Half-open admits exactly one trial call; everyone else is rejected until the trial
// answers. The state is explicit and every transition goes through move(), which
// journals it, so a test can check each run against the state machine above
// (breaker_model.hpp).
//
// The classic bug: half-open treated as "let calls through to see if it is back", so
// every caller that arrives while the trial is in flight is admitted too, and the
// recovering dependency gets a burst instead of one probe.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <vector>

#include <weft/chrono.hpp>
#include <weft/mutex.hpp>

namespace example {

enum class breaker_state { closed, open, half_open };
enum class trial_admission { every_caller, one_caller };
enum class call_result { succeeded, failed, rejected };

// One entry of the breaker's journal.
struct breaker_event {
  enum class kind { admitted, rejected, succeeded, failed, moved } what;
  breaker_state state;  // the state it happened in (for moved: the state left)
  bool trial = false;   // admitted, succeeded, failed: the call is the half-open trial
  breaker_state to = breaker_state::closed;  // moved only
};

struct breaker_config {
  int failure_threshold = 1;
  std::chrono::milliseconds cool_down{50};
  trial_admission admission = trial_admission::one_caller;
};

class circuit_breaker {
 public:
  explicit circuit_breaker(breaker_config config) : config_(config) {}

  // Calls `dependency` (true = success) unless the breaker rejects the call. The
  // dependency runs without the breaker's lock held.
  call_result call(const std::function<bool()>& dependency) {
    bool trial = false;
    {
      std::lock_guard lock(mutex_);
      if (state_ == breaker_state::open && weft::steady_clock::now() - opened_at_ >= config_.cool_down) {
        move(breaker_state::half_open);
      }
      if (!admit()) {
        journal_.push_back({breaker_event::kind::rejected, state_});
        return call_result::rejected;
      }
      trial = state_ == breaker_state::half_open;
      if (trial) trial_in_flight_ = true;
      journal_.push_back({breaker_event::kind::admitted, state_, trial});
    }
    const bool ok = dependency();
    std::lock_guard lock(mutex_);
    journal_.push_back({ok ? breaker_event::kind::succeeded : breaker_event::kind::failed, state_, trial});
    if (trial) {
      trial_in_flight_ = false;
      move(ok ? breaker_state::closed : breaker_state::open);
    } else if (state_ == breaker_state::closed) {
      failures_in_a_row_ = ok ? 0 : failures_in_a_row_ + 1;
      if (failures_in_a_row_ >= config_.failure_threshold) move(breaker_state::open);
    }
    return ok ? call_result::succeeded : call_result::failed;
  }

  // Everything the breaker did, in order. Call once no call is in progress.
  std::vector<breaker_event> journal() const {
    std::lock_guard lock(mutex_);
    return journal_;
  }

 private:
  // Caller holds mutex_.
  bool admit() const {
    switch (state_) {
      case breaker_state::closed: return true;
      case breaker_state::open: return false;
      case breaker_state::half_open:
        return config_.admission == trial_admission::every_caller || !trial_in_flight_;
    }
    return false;
  }

  // Caller holds mutex_.
  void move(breaker_state to) {
    if (to == state_) return;
    journal_.push_back({breaker_event::kind::moved, state_, false, to});
    state_ = to;
    failures_in_a_row_ = 0;
    if (to == breaker_state::open) opened_at_ = weft::steady_clock::now();
  }

  const breaker_config config_;
  mutable weft::mutex mutex_;
  breaker_state state_ = breaker_state::closed;
  int failures_in_a_row_ = 0;
  bool trial_in_flight_ = false;
  weft::steady_clock::time_point opened_at_{};
  std::vector<breaker_event> journal_;
};

}  // namespace example

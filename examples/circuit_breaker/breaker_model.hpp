// The state machine of circuit_breaker.hpp, as a checker of the breaker's journal: it
// follows the journal entry by entry and names the first one the machine does not allow.
#pragma once

#include <string>
#include <vector>

#include "circuit_breaker/circuit_breaker.hpp"

namespace example {

inline const char* name_of(breaker_state s) {
  switch (s) {
    case breaker_state::closed: return "closed";
    case breaker_state::open: return "open";
    case breaker_state::half_open: return "half-open";
  }
  return "?";
}

class breaker_model {
 public:
  explicit breaker_model(int failure_threshold) : failure_threshold_(failure_threshold) {}

  // Empty if the machine allows `e` next; otherwise why it does not.
  std::string apply(const breaker_event& e) {
    using kind = breaker_event::kind;
    if (e.state != state_) return std::string("the breaker acted as ") + name_of(e.state) + " while " + name_of(state_);
    switch (e.what) {
      case kind::admitted:
        if (state_ == breaker_state::open) return "a call was admitted while open";
        if (state_ == breaker_state::half_open && trial_in_flight_) {
          return "a second call was admitted in half-open while the trial call was in flight";
        }
        trial_in_flight_ = state_ == breaker_state::half_open;
        return {};
      case kind::rejected:
        if (state_ == breaker_state::closed) return "a call was rejected while closed";
        if (state_ == breaker_state::half_open && !trial_in_flight_) return "half-open rejected the trial call";
        return {};
      case kind::succeeded:
      case kind::failed:
        if (e.trial) {
          trial_in_flight_ = false;
          trial_answered_ = true;
        } else if (state_ == breaker_state::closed) {
          failures_in_a_row_ = e.what == kind::failed ? failures_in_a_row_ + 1 : 0;
        }
        return {};
      case kind::moved: return move(e.to);
    }
    return "an unknown journal entry";
  }

 private:
  std::string move(breaker_state to) {
    const bool allowed =
        (state_ == breaker_state::closed && to == breaker_state::open && failures_in_a_row_ >= failure_threshold_) ||
        (state_ == breaker_state::open && to == breaker_state::half_open) ||
        (state_ == breaker_state::half_open && to != breaker_state::half_open && trial_answered_);
    if (!allowed) return std::string("the breaker moved from ") + name_of(state_) + " to " + name_of(to) + " unprompted";
    state_ = to;
    failures_in_a_row_ = 0;
    trial_answered_ = false;
    return {};
  }

  const int failure_threshold_;
  breaker_state state_ = breaker_state::closed;
  int failures_in_a_row_ = 0;
  bool trial_in_flight_ = false;
  bool trial_answered_ = false;
};

// The first entry of `journal` the state machine does not allow, explained; empty if
// every entry is allowed.
inline std::string first_violation(const std::vector<breaker_event>& journal, int failure_threshold) {
  breaker_model model(failure_threshold);
  for (std::size_t i = 0; i < journal.size(); ++i) {
    const std::string why = model.apply(journal[i]);
    if (!why.empty()) return "journal entry " + std::to_string(i + 1) + ": " + why;
  }
  return {};
}

}  // namespace example

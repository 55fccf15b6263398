// The settings of an execution, as a replay token records them, and back.
#pragma once

#include <cstdint>

#include "execution/execution.hpp"
#include "schedule/token.hpp"

namespace weft::inline sim_v1::detail {

// The token fields that come from the settings (no choices yet). Allocates nothing, so
// the crash handler can use it.
inline recorded_schedule header_of(const execution_config& config) noexcept {
  recorded_schedule s;
  s.flags = static_cast<std::uint8_t>(
      (config.spurious_wakeups ? recorded_schedule::spurious_wakeups : 0) |
      (config.early_timeouts ? recorded_schedule::early_timeouts : 0) |
      (config.check_lock_across_blocking ? recorded_schedule::check_lock_across_blocking : 0) |
      (config.cancel_jthreads ? recorded_schedule::cancel_jthreads : 0) |
      (config.cancel_tasks ? recorded_schedule::cancel_tasks : 0) |
      (config.check_lock_across_await ? 0 : recorded_schedule::lock_across_await_unchecked) |
      (config.buggify ? recorded_schedule::buggify : 0) |
      (config.memory == memory_mode::sc ? recorded_schedule::sc_memory : 0));
  s.max_steps = config.max_steps;
  s.max_cancellations = config.max_cancellations;
  s.store_history = config.store_history;
  return s;
}

// The schedule `ex` just ran, under the settings `settings` records: its failure and
// its choices. May throw std::bad_alloc.
inline recorded_schedule record(const execution& ex, recorded_schedule settings) {
  settings.failure = static_cast<std::uint8_t>(ex.failure().kind);
  settings.choice_count = ex.choices().count();
  settings.choice_digest = ex.choices().digest();
  settings.deviations.assign(ex.choices().deviations().begin(), ex.choices().deviations().end());
  return settings;
}

inline execution_config config_of(const recorded_schedule& s) noexcept {
  const auto has = [&](recorded_schedule::flag f) { return (s.flags & f) != 0; };
  return execution_config{s.max_steps,
                          has(recorded_schedule::spurious_wakeups),
                          has(recorded_schedule::early_timeouts),
                          has(recorded_schedule::check_lock_across_blocking),
                          s.max_cancellations,
                          has(recorded_schedule::cancel_jthreads),
                          has(recorded_schedule::buggify),
                          has(recorded_schedule::sc_memory) ? memory_mode::sc : memory_mode::c11,
                          false,
                          static_cast<std::uint32_t>(s.store_history),
                          has(recorded_schedule::cancel_tasks),
                          !has(recorded_schedule::lock_across_await_unchecked)};
}

}  // namespace weft::inline sim_v1::detail

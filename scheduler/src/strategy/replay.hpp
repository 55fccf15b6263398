// Replays a recorded schedule: answers each choice as recorded and notices when the body
// no longer asks the recorded questions.
#pragma once

#include <optional>
#include <string>

#include "schedule/choice_log.hpp"
#include "schedule/token.hpp"
#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

class replay_strategy final : public strategy {
 public:
  explicit replay_strategy(recorded_schedule schedule) : schedule_(std::move(schedule)) {}

  bool begin_execution(std::uint64_t index) override;
  thread_index next_thread(const thread_choice& choice) override;
  std::uint64_t next_value(const value_choice& choice) override;
  std::string divergence() const override { return divergence_; }
  bool replays_a_schedule() const override { return true; }
  std::string describe() const override { return "replay"; }

  // After the run: empty if the body made exactly the recorded choices, else why not.
  std::string check_complete(const choice_log& made) const;

 private:
  // The recorded answer to choice number position_, or `fallback` if it was a default;
  // nothing (and divergence_ says why) when the body no longer asks what was recorded.
  // Any recorded value is an answer here, the sentinel no_choice included: only the
  // caller's range check decides, so no value can pass as "diverged" without a reason.
  std::optional<std::uint64_t> answer(choice_kind kind, std::uint64_t fallback);

  recorded_schedule schedule_;
  std::uint64_t position_ = 0;
  std::size_t next_deviation_ = 0;
  std::string divergence_;
};

}  // namespace weft::detail

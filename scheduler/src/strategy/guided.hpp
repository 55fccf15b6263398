// Follows a list of deviations where it still fits and takes the non-preemptive default
// everywhere else. Used to try smaller schedules while minimizing a failure: unlike
// replay, a guided run never diverges, it just goes where the remaining deviations lead.
#pragma once

#include <vector>

#include "schedule/choice_log.hpp"
#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

class guided_strategy final : public strategy {
 public:
  explicit guided_strategy(std::vector<deviation> deviations) : deviations_(std::move(deviations)) {}

  bool begin_execution(std::uint64_t index) override {
    position_ = 0;
    next_ = 0;
    return index == 0;
  }
  thread_index next_thread(const thread_choice& choice) override;
  std::uint64_t next_value(const value_choice& choice) override;
  std::string describe() const override { return "guided"; }

 private:
  // The deviation planned for the current choice, if its kind matches.
  const deviation* planned(choice_kind kind);

  std::vector<deviation> deviations_;
  std::uint64_t position_ = 0;
  std::size_t next_ = 0;
};

}  // namespace weft::inline sim_v1::detail

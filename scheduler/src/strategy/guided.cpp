#include "strategy/guided.hpp"

#include <algorithm>

namespace weft::inline sim_v1::detail {

const deviation* guided_strategy::planned(choice_kind kind) {
  const std::uint64_t at = position_++;
  while (next_ < deviations_.size() && deviations_[next_].position < at) ++next_;
  if (next_ < deviations_.size() && deviations_[next_].position == at && deviations_[next_].kind == kind) {
    return &deviations_[next_];
  }
  return nullptr;
}

thread_index guided_strategy::next_thread(const thread_choice& choice) {
  const deviation* d = planned(choice_kind::thread);
  if (d != nullptr && std::find(choice.enabled.begin(), choice.enabled.end(), d->value) != choice.enabled.end()) {
    return static_cast<thread_index>(d->value);
  }
  return choice.fallback;
}

std::uint64_t guided_strategy::next_value(const value_choice& choice) {
  const deviation* d = planned(choice_kind_of(choice.what));
  return d != nullptr && d->value < choice.range ? d->value : choice.fallback;
}

}  // namespace weft::inline sim_v1::detail

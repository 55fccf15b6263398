#include "strategy/replay.hpp"

namespace weft::inline sim_v1::detail {

namespace {

const char* question(choice_kind kind) noexcept {
  switch (kind) {
    case choice_kind::thread: return "which thread runs next";
    case choice_kind::spurious_wakeup: return "whether a waiter wakes spuriously";
    case choice_kind::notify_target: return "which waiter a notify_one wakes";
    case choice_kind::early_timeout: return "whether a pending timeout fires early";
    case choice_kind::random_seed: return "the seed of weft::random()";
    case choice_kind::buggify_site: return "whether a buggify() call site is enabled";
    case choice_kind::buggify: return "whether a buggify() call fails";
    case choice_kind::cancel: return "whether to inject a cancellation";
    case choice_kind::reads_from: return "which store an atomic load reads";
    case choice_kind::store_order: return "where a store goes in its atomic's modification order";
    case choice_kind::spurious_failure: return "whether a compare_exchange_weak fails spuriously";
  }
  return "an unknown choice";
}

}  // namespace

bool replay_strategy::begin_execution(std::uint64_t index) {
  position_ = 0;
  next_deviation_ = 0;
  divergence_.clear();
  return index == 0;
}

std::optional<std::uint64_t> replay_strategy::answer(choice_kind kind, std::uint64_t fallback) {
  if (position_ >= schedule_.choice_count) {
    divergence_ = "the body makes more choices than the " + std::to_string(schedule_.choice_count) +
                  " the schedule recorded (choice " + std::to_string(position_ + 1) + " is " +
                  question(kind) + ")";
    return std::nullopt;
  }
  const std::uint64_t at = position_++;
  if (next_deviation_ < schedule_.deviations.size() && schedule_.deviations[next_deviation_].position == at) {
    const deviation& d = schedule_.deviations[next_deviation_++];
    if (d.kind != kind) {
      divergence_ = "at choice " + std::to_string(at + 1) + " the schedule recorded " + question(d.kind) +
                    ", but the body now asks " + question(kind);
      return std::nullopt;
    }
    return d.value;
  }
  return fallback;
}

thread_index replay_strategy::next_thread(const thread_choice& choice) {
  const std::uint64_t at = position_;
  const std::optional<std::uint64_t> t = answer(choice_kind::thread, choice.fallback);
  if (!t) return no_thread;
  for (thread_index e : choice.enabled) {
    if (e == *t) return e;
  }
  std::string runnable;
  for (thread_index e : choice.enabled) runnable += (runnable.empty() ? "t" : ", t") + std::to_string(e);
  divergence_ = "at choice " + std::to_string(at + 1) + " the schedule runs t" + std::to_string(*t) +
                ", but only " + runnable + " can run now";
  return no_thread;
}

std::uint64_t replay_strategy::next_value(const value_choice& choice) {
  const choice_kind kind = choice_kind_of(choice.what);
  const std::uint64_t range = choice.range;
  const std::uint64_t at = position_;
  const std::optional<std::uint64_t> v = answer(kind, choice.fallback);
  if (!v) return no_choice;
  if (*v >= range) {
    divergence_ = "at choice " + std::to_string(at + 1) + " the schedule answers " + std::to_string(*v) +
                  " to " + question(kind) + ", but only " + std::to_string(range) +
                  " answers are possible now";
    return no_choice;
  }
  return *v;
}

std::string replay_strategy::check_complete(const choice_log& made) const {
  if (made.count() != schedule_.choice_count) {
    return "the body made " + std::to_string(made.count()) + " choices where the schedule recorded " +
           std::to_string(schedule_.choice_count);
  }
  if (made.digest() != schedule_.choice_digest) {
    return "the body made " + std::to_string(made.count()) +
           " choices, as recorded, but not the same kinds of choices in the same order";
  }
  return {};
}

}  // namespace weft::detail

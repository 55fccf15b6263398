#include "strategy/surw.hpp"

#include <algorithm>

#include "strategy/random_choice.hpp"

namespace weft::inline sim_v1::detail {

bool surw::begin_execution(std::uint64_t index) {
  rng_.reseed(execution_seed(seed_, index));
  made_.clear();
  left_.clear();
  counted_.clear();
  return true;
}

void surw::thread_created(thread_index thread, thread_index) {
  if (made_.size() <= thread) {
    made_.resize(thread + 1);
    left_.resize(thread + 1, 0);
  }
  if (learned_.size() <= thread) learned_.resize(thread + 1);
  made_[thread].clear();
  left_[thread] = 0;
  // The objects this thread touched before are drawn in a fixed order (by key), so the
  // selection depends on the seed and what was learned, not on a hash table's layout.
  std::vector<std::uint64_t> keys;
  keys.reserve(learned_[thread].size());
  for (const auto& [key, count] : learned_[thread]) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  for (const std::uint64_t key : keys) {
    if (counted(key)) left_[thread] += learned_[thread][key];
  }
}

bool surw::counted(std::uint64_t key) {
  const auto [it, drawn_now] = counted_.try_emplace(key, false);
  if (drawn_now) it->second = rng_.one_in(2);
  return it->second;
}

void surw::ran(thread_index thread, const pending_op& event) {
  if (event.kind == object_kind::none) return;
  const std::uint64_t key = object_key(event);
  const std::uint32_t made = ++made_[thread][key];
  const auto learned = learned_[thread].find(key);
  if (counted(key) && learned != learned_[thread].end() && made <= learned->second && left_[thread] > 0) {
    --left_[thread];
  }
}

thread_index surw::next_thread(const thread_choice& choice) {
  // Weights: counted events left, plus one so that every runnable thread can go next.
  // A thread that yields is passed over while another can run.
  std::uint64_t total = 0;
  const auto weight = [&](std::size_t i) -> std::uint64_t {
    const thread_index t = choice.enabled[i];
    if (choice.yielded && t == choice.running) return 0;
    return left_[t] + 1;
  };
  for (std::size_t i = 0; i < choice.enabled.size(); ++i) total += weight(i);
  std::size_t chosen = 0;
  if (total == 0) {  // only the yielding thread (cannot happen with two runnable)
    chosen = 0;
  } else {
    std::uint64_t pick = rng_.below(total);
    for (std::size_t i = 0; i < choice.enabled.size(); ++i) {
      const std::uint64_t w = weight(i);
      if (pick < w) {
        chosen = i;
        break;
      }
      pick -= w;
    }
  }
  ran(choice.enabled[chosen], choice.pending[chosen]);
  return choice.enabled[chosen];
}

std::uint64_t surw::next_value(const value_choice& choice) { return random_choice(rng_, choice); }

void surw::end_execution(std::uint64_t) {
  for (std::size_t t = 0; t < made_.size(); ++t) {
    for (const auto& [key, count] : made_[t]) {
      std::uint32_t& learned = learned_[t][key];
      learned = std::max(learned, count);
    }
  }
}

}  // namespace weft::detail

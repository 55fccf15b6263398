// Uniform random walk: at each point, any runnable thread with equal probability.
// Cheap and strong on shallow bugs (Thomson, Donaldson, Betts: SCTBench, PPoPP 2014).
#pragma once

#include "strategy/prng.hpp"
#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

class random_walk final : public strategy {
 public:
  explicit random_walk(std::uint64_t seed) noexcept : seed_(seed) {}

  bool begin_execution(std::uint64_t index) override {
    rng_.reseed(execution_seed(seed_, index));
    return true;
  }
  thread_index next_thread(const thread_choice& choice) override {
    return choice.enabled[rng_.below(choice.enabled.size())];
  }
  std::uint64_t next_value(const value_choice& choice) override;
  prng* uniform_thread_stream() noexcept override { return &rng_; }
  std::string describe() const override { return "random"; }

 private:
  std::uint64_t seed_;
  prng rng_;
};

}  // namespace weft::detail

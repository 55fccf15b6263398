// weft::barrier in the simulated build.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <source_location>
#include <utility>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// Phases of a barrier without its completion function (which the template runs).
class barrier_core {
 public:
  // expected >= 0, else std::invalid_argument.
  barrier_core(std::ptrdiff_t expected, std::source_location declared);
  ~barrier_core();
  barrier_core(const barrier_core&) = delete;
  barrier_core& operator=(const barrier_core&) = delete;

  struct arrival {
    std::uint64_t phase;
    bool completes_phase;  // the caller runs the completion, then finish_phase()
  };
  // A scheduling point; counts `update` arrivals in the current phase (more than are
  // left is misuse). `drop` also lowers the expected count of later phases.
  arrival arrive(std::ptrdiff_t update, bool drop, std::source_location where);
  // After the completion function: it happens before every wait of the phase returns.
  void finish_phase();
  // Blocks while the barrier is still in `phase`; everything the phase's arrivals and
  // completion did happens before it returns.
  void wait(std::uint64_t phase, std::source_location where);

 private:
  sim_object object_;
  std::ptrdiff_t expected_;
  std::ptrdiff_t pending_;
  std::uint64_t phase_ = 0;
  wait_queue waiters_;
};

struct no_completion {
  void operator()() noexcept {}
};

}  // namespace detail

template <class CompletionFunction = detail::no_completion>
class barrier {
  using loc = std::source_location;

 public:
  class arrival_token {
   public:
    arrival_token(arrival_token&&) noexcept = default;
    arrival_token& operator=(arrival_token&&) noexcept = default;

   private:
    friend class barrier;
    explicit arrival_token(std::uint64_t phase) noexcept : phase_(phase) {}
    std::uint64_t phase_;
  };

  static constexpr std::ptrdiff_t max() noexcept { return std::numeric_limits<std::ptrdiff_t>::max(); }

  explicit barrier(std::ptrdiff_t expected, CompletionFunction f = CompletionFunction(),
                   detail::call_site declared = {})
      : core_(expected, declared), completion_(std::move(f)) {}
  barrier(const barrier&) = delete;
  barrier& operator=(const barrier&) = delete;

  [[nodiscard]] arrival_token arrive(std::ptrdiff_t update = 1, loc where = loc::current()) {
    return arrival_token(step(core_.arrive(update, false, where)));
  }
  void wait(arrival_token&& token, loc where = loc::current()) const { core_.wait(token.phase_, where); }
  void arrive_and_wait(loc where = loc::current()) { core_.wait(step(core_.arrive(1, false, where)), where); }
  void arrive_and_drop(loc where = loc::current()) { step(core_.arrive(1, true, where)); }

 private:
  std::uint64_t step(detail::barrier_core::arrival a) {
    if (a.completes_phase) {
      completion_();
      core_.finish_phase();
    }
    return a.phase;
  }

  mutable detail::barrier_core core_;
  CompletionFunction completion_;
};

WEFT_END_NAMESPACE

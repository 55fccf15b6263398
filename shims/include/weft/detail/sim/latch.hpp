// weft::latch in the simulated build.
#pragma once

#include <cstddef>
#include <limits>
#include <source_location>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE

class latch {
  using loc = std::source_location;

 public:
  static constexpr std::ptrdiff_t max() noexcept { return std::numeric_limits<std::ptrdiff_t>::max(); }

  // expected >= 0, else std::invalid_argument.
  explicit latch(std::ptrdiff_t expected, detail::call_site declared = {});
  ~latch();
  latch(const latch&) = delete;
  latch& operator=(const latch&) = delete;

  // Counting down by more than what is left is misuse.
  void count_down(std::ptrdiff_t update = 1, loc where = loc::current());
  bool try_wait(loc where = loc::current()) const;
  void wait(loc where = loc::current()) const;
  void arrive_and_wait(std::ptrdiff_t update = 1, loc where = loc::current());

 private:
  mutable detail::sim_object object_;
  std::ptrdiff_t count_;
  mutable detail::wait_queue waiters_;
};

WEFT_END_NAMESPACE

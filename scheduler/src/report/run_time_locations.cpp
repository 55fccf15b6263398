#include "report/run_time_locations.hpp"

#include <atomic>

#include "report/code_locations.hpp"

namespace weft::inline sim_v1::detail {

namespace {
std::atomic<location_resolver> installed{nullptr};
}  // namespace

void set_location_resolver(location_resolver resolve) noexcept { installed.store(resolve, std::memory_order_release); }

void resolve_run_time_locations() noexcept {
  if (const location_resolver resolve = installed.load(std::memory_order_acquire)) {
    resolve();
  } else {
    resolve_code_locations();
  }
}

}  // namespace weft::detail

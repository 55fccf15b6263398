#include "intercepted_call.hpp"

#include <cstdint>

#include <weft/detail/sim/runtime.hpp>

#include "report/code_locations.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

// Set while weft itself calls what this library interposes.
thread_local bool inside_weft = false;

// Marks the calls made in its scope as weft's own: the unwinder locks mutexes of its own,
// popen runs addr2line, and those must reach the C library.
class weft_calls {
 public:
  weft_calls() noexcept : outer_(inside_weft) { inside_weft = true; }
  ~weft_calls() { inside_weft = outer_; }
  weft_calls(const weft_calls&) = delete;
  weft_calls& operator=(const weft_calls&) = delete;

 private:
  bool outer_;
};

}  // namespace

bool intercepting() noexcept { return !inside_weft && on_simulated_thread(); }

std::optional<std::source_location> intercepted_call(const void* return_address) {
  if (!intercepting()) return std::nullopt;
  const weft_calls mine;
  const code_location found = location_of_path(callers_from(reinterpret_cast<std::uintptr_t>(return_address)));
  if (found.by_the_system) return std::nullopt;
  return found.where;
}

std::source_location fast_call_site(const void* return_address) {
  const weft_calls mine;
  return location_of_path(call_path{reinterpret_cast<std::uintptr_t>(return_address)}).where;
}

std::source_location location_at(const char* file, unsigned line, const char* function) {
  const weft_calls mine;
  return location_named(file, line, function);
}

void resolve_call_sites() noexcept {
  const weft_calls mine;
  resolve_code_locations();
}

}  // namespace weft::detail::interpose

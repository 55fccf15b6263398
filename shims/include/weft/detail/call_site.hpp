// The line that called a shim, for a constructor's defaulted parameter.
#pragma once

#include <bit>
#include <source_location>
#include <type_traits>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// A constructor's last parameter, `detail::call_site where = {}`: the line of the code that
// called it, as `std::source_location where = std::source_location::current()` would be.
// clang 16 rejects that form ("cannot take address of consteval function 'current'", fixed
// in clang 17) where a default member initializer calls it: a template constructor given a
// lambda (`struct actor { weft::jthread worker_{[this] { ... }}; };`, `weft::spawn` of one),
// and any constructor reached by aggregate initialization (`std::array<weft::atomic<bool>,
// 2> flags{};`). Every simulated object's constructor takes its line this way, and so do
// the calls a member initializer makes with a lambda (weft::spawn, task_group::spawn,
// async with a policy, whose launch_here converts from the policy).
// __builtin_source_location(), the default argument of current() in libstdc++ and libc++,
// is not consteval: it names the same line, and a source_location is the pointer it
// returns, as current() makes it. In a default member initializer the line is the
// constructor's that runs it (the class's own line for an implicit constructor), as with
// current() under g++.
//
// Only a default argument makes one implicitly: none converts from a caller's argument by
// accident.
class call_site {
  struct defaulted {
    explicit defaulted() = default;
  };

 public:
  call_site(defaulted = defaulted(), const void* where = __builtin_source_location()) noexcept
      : where_(std::bit_cast<std::source_location>(where)) {}
  // For weft's own calls, which pass on their caller's line.
  explicit call_site(std::source_location where) noexcept : where_(where) {}

  // The caller's line, wherever a std::source_location is wanted.
  operator std::source_location() const noexcept { return where_; }

 private:
  static_assert(sizeof(std::source_location) == sizeof(const void*) &&
                std::is_trivially_copyable_v<std::source_location>);
  std::source_location where_;
};

}  // namespace detail
WEFT_END_NAMESPACE

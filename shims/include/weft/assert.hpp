// WEFT_ASSERT(cond) and WEFT_ASSERT(cond, message).
//
// Simulated build: fails the current execution (from any simulated thread), which is
// then reported with its schedule. Pass-through build: like assert (compiled out under
// NDEBUG), printing the message before aborting.
#pragma once

#include <source_location>
#include <string>

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/runtime.hpp>
#else
#include <cstdio>
#include <cstdlib>
#endif

WEFT_BEGIN_NAMESPACE
namespace detail {

inline const char* assert_message() noexcept { return ""; }
inline const char* assert_message(const char* message) noexcept { return message; }
inline const char* assert_message(const std::string& message) noexcept { return message.c_str(); }

#if !WEFT_SIM
[[noreturn]] inline void assertion_failed(const char* expression, const char* message,
                                          std::source_location where) {
  std::fprintf(stderr, "%s:%u: WEFT_ASSERT(%s) failed%s%s\n", where.file_name(),
               static_cast<unsigned>(where.line()), expression, *message != '\0' ? ": " : "", message);
  std::abort();
}
#endif

}  // namespace detail
WEFT_END_NAMESPACE

#if !WEFT_SIM && defined(NDEBUG)
#define WEFT_ASSERT(cond, ...) static_cast<void>(0)
#else
#define WEFT_ASSERT(cond, ...)                                                              \
  ((cond) ? static_cast<void>(0)                                                            \
          : ::weft::detail::assertion_failed(#cond, ::weft::detail::assert_message(__VA_ARGS__), \
                                             std::source_location::current()))
#endif

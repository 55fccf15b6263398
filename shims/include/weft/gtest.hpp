// WEFT_TEST: a GoogleTest test whose body is explored by weft (link weft::gtest).
//
//   WEFT_TEST(Account, TransfersKeepTheTotal) {
//     weft::mutex m;  ...  weft::thread t([&] { ... });  ...  t.join();
//     EXPECT_EQ(total, 100);
//   }
//
// Settings for one test come as a third argument, a function that adjusts the options:
//
//   WEFT_TEST(Pool, SubmitThenGet, [](weft::options& o) { o.strategy = "pct"; o.iterations = 5000; }) {
//     ...
//   }
//
// The WEFT_* environment variables still have the last word (WEFT_ITERATIONS=100000 for
// a nightly run, WEFT_REPLAY to replay), so a report's replay line stays one command. A
// failing schedule fails the test with weft's report and that line:
//   WEFT_REPLAY=<token> ./tests --gtest_filter=Account.TransfersKeepTheTotal
// GoogleTest assertions inside the body, in any simulated thread, fail the execution
// like WEFT_ASSERT does. WEFT_STATS=1 prints the statistics of passing tests too.
#pragma once

#include <functional>
#include <source_location>
#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

#include <weft/explore.hpp>

WEFT_BEGIN_NAMESPACE

// explore(), with GoogleTest assertion failures inside the body counted as failures of
// the execution (instead of failing the enclosing test once per execution).
report explore_with_gtest(const options& opt, const std::function<void()>& body);
// replay(), with the same treatment of GoogleTest assertions.
report replay_with_gtest(std::string_view token, const std::function<void()>& body,
                         const options& opt = options());

namespace detail {

// A test's own settings: a function that adjusts the options before the environment
// applies (none when WEFT_TEST has no third argument).
using test_settings = std::function<void(options&)>;
inline test_settings settings_of() { return {}; }
template <class Adjust>
  requires std::is_invocable_v<Adjust&, options&>
test_settings settings_of(Adjust adjust) {
  return test_settings(std::move(adjust));
}

// The body of every WEFT_TEST: the defaults, the test's settings, then the environment;
// replays WEFT_REPLAY if set, else explores; reports a failure to GoogleTest at the
// user's line, with the replay command: where the failure happened, or when the report
// does not know (an exception), at `test` (the WEFT_TEST, where the macro calls this).
// Throws weft::option_error for a bad setting or WEFT_* variable (WEFT_REPLAY set but
// empty included).
void run_weft_test(const char* suite, const char* name, void (*body)(), const test_settings& settings = {},
                   std::source_location test = std::source_location::current());

}  // namespace detail

WEFT_END_NAMESPACE

#define WEFT_TEST(suite, name, ...)                                                \
  static void weft_test_body_##suite##_##name();                                   \
  TEST(suite, name) {                                                              \
    ::weft::detail::run_weft_test(#suite, #name, &weft_test_body_##suite##_##name, \
                                  ::weft::detail::settings_of(__VA_ARGS__));       \
  }                                                                                \
  static void weft_test_body_##suite##_##name()

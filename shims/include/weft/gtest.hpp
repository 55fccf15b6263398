// WEFT_TEST: a GoogleTest test whose body is explored by weft (link weft::gtest).
//
//   WEFT_TEST(Account, TransfersKeepTheTotal) {
//     weft::mutex m;  ...  weft::thread t([&] { ... });  ...  t.join();
//     EXPECT_EQ(total, 100);
//   }
//
// Options come from the WEFT_* environment variables (see weft::options). A failing
// schedule fails the test with weft's report and a one-line command that replays it:
//   WEFT_REPLAY=<token> ./tests --gtest_filter=Account.TransfersKeepTheTotal
// GoogleTest assertions inside the body, in any simulated thread, fail the execution
// like WEFT_ASSERT does.
//
// WEFT_TEST_WITH(Suite, Name, configure) is a WEFT_TEST whose options `configure` (a
// lambda without captures, or a function, taking weft::options&) adjusts after the
// environment has set them:
//   WEFT_TEST_WITH(Parser, DeepInput, [](weft::options& opt) { opt.stack_size = 8 << 20; }) {
//     ...
//   }
#pragma once

#include <functional>

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
// The body of every WEFT_TEST: replays WEFT_REPLAY if set, else explores; reports a
// failure to GoogleTest at the user's line, with the replay command.
void run_weft_test(const char* suite, const char* name, void (*body)());
// The body of every WEFT_TEST_WITH: run_weft_test, with `configure` applied to the options.
void run_weft_test(const char* suite, const char* name, void (*body)(), void (*configure)(options&));
}  // namespace detail

WEFT_END_NAMESPACE

#define WEFT_TEST(suite, name)                                                       \
  static void weft_test_body_##suite##_##name();                                     \
  TEST(suite, name) {                                                                \
    ::weft::detail::run_weft_test(#suite, #name, &weft_test_body_##suite##_##name);  \
  }                                                                                  \
  static void weft_test_body_##suite##_##name()

#define WEFT_TEST_WITH(suite, name, ...)                                                          \
  static void weft_test_body_##suite##_##name();                                                  \
  TEST(suite, name) {                                                                             \
    ::weft::detail::run_weft_test(#suite, #name, &weft_test_body_##suite##_##name, __VA_ARGS__);  \
  }                                                                                               \
  static void weft_test_body_##suite##_##name()

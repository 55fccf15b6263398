#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include <gtest/gtest-spi.h>

#include <weft/detail/sim/runtime.hpp>
#include <weft/gtest.hpp>

WEFT_BEGIN_NAMESPACE

namespace {

// While alive, GoogleTest failures inside a simulated execution fail that execution, and
// a GTEST_SKIP() there is kept by weft (a worker process's reaches this one); results
// outside one (there should be none) are kept and re-reported when the scope ends, so
// nothing the user wrote is lost. One intercepts this OS thread's failures (the
// fiber backend's simulated threads, and ahead of any reporter a test installed for this
// thread), one every other thread's (the OS-thread backend's).
class intercept_gtest_failures : public testing::ScopedFakeTestPartResultReporter {
 public:
  explicit intercept_gtest_failures(InterceptMode mode) : ScopedFakeTestPartResultReporter(mode, &outside_) {}
  ~intercept_gtest_failures() override = default;

  void ReportTestPartResult(const testing::TestPartResult& result) override {
    if (result.failed() && detail::simulating()) {
      detail::test_assertion_failed(result.message(), result.file_name(), result.line_number());
    } else if (result.skipped() && detail::simulating()) {
      detail::keep_test_skip({result.message(), {result.file_name() == nullptr ? "" : result.file_name(),
                                                 static_cast<unsigned>(std::max(result.line_number(), 0))}});
    } else {
      ScopedFakeTestPartResultReporter::ReportTestPartResult(result);
    }
  }

  // Reports again, to the reporter that was active before, what was kept: failures, then
  // the first GTEST_SKIP(), which marks the test skipped as in a plain TEST (a failure
  // wins). Call after the scope has ended.
  static void rereport(const testing::TestPartResultArray& kept) {
    const testing::TestPartResult* skip = nullptr;
    for (int i = 0; i < kept.size(); ++i) {
      const testing::TestPartResult& r = kept.GetTestPartResult(i);
      if (r.skipped() && skip == nullptr) skip = &r;
      if (!r.failed()) continue;
      ADD_FAILURE_AT(r.file_name() == nullptr ? "unknown" : r.file_name(), r.line_number()) << r.message();
    }
    if (skip != nullptr) {
      GTEST_MESSAGE_AT_(skip->file_name() == nullptr ? "unknown" : skip->file_name(), skip->line_number(),
                        skip->message(), testing::TestPartResult::kSkip);
    }
  }

  const testing::TestPartResultArray& kept() const { return outside_; }

 private:
  testing::TestPartResultArray outside_;
};

// The GTEST_SKIP() weft kept from the executions, as GoogleTest's result, unless the
// exploration failed: the failing execution is the test's outcome, another's skip is not.
void append_kept_skip(testing::TestPartResultArray& results, const report& explored) {
  const auto skip = detail::take_test_skip();
  if (!skip || explored.failed()) return;
  results.Append(testing::TestPartResult(testing::TestPartResult::kSkip, skip->where.file.c_str(),
                                         static_cast<int>(skip->where.line), skip->message.c_str()));
}

template <class Run>
report intercepted(Run run) {
  using mode = testing::ScopedFakeTestPartResultReporter::InterceptMode;
  detail::take_test_skip();  // one left by a run that threw is not this run's
  auto other_threads = std::make_unique<intercept_gtest_failures>(mode::INTERCEPT_ALL_THREADS);
  auto this_thread = std::make_unique<intercept_gtest_failures>(mode::INTERCEPT_ONLY_CURRENT_THREAD);
  report result = run();
  testing::TestPartResultArray kept;
  for (const auto* scope : {this_thread.get(), other_threads.get()}) {
    for (int i = 0; i < scope->kept().size(); ++i) kept.Append(scope->kept().GetTestPartResult(i));
  }
  append_kept_skip(kept, result);
  this_thread.reset();
  other_threads.reset();
  intercept_gtest_failures::rereport(kept);
  return result;
}

}  // namespace

report explore_with_gtest(const options& opt, const std::function<void()>& body) {
  return intercepted([&] { return explore(opt, body); });
}

report replay_with_gtest(std::string_view token, const std::function<void()>& body, const options& opt) {
  return intercepted([&] { return replay(token, body, opt); });
}

namespace detail {

void run_weft_test(const char* suite, const char* name, void (*body)(), const test_settings& settings,
                   std::source_location test) {
  options opt(options::defaults_only);
  opt.trace_name = std::string(suite) + "." + name;
  if (settings) settings(opt);
  opt.apply_environment();
  const char* token = std::getenv("WEFT_REPLAY");
  // Set but empty is a token lost on its way (WEFT_REPLAY=$TOKEN with TOKEN unset), not a
  // request to explore instead.
  if (token != nullptr && *token == '\0') {
    throw option_error("weft: WEFT_REPLAY is set but empty; give it the token from a report, or unset it "
                       "(unset WEFT_REPLAY) to explore");
  }
  // A crash or a stall ends the process before the report: its replay line reruns this test.
  const rerun_command_scope rerun(std::string(" ") + program_invocation_name + " --gtest_filter=" + suite + "." + name);
  report result = token != nullptr ? replay_with_gtest(token, body, opt) : explore_with_gtest(opt, body);
  testing::Test::RecordProperty("weft_executions", std::to_string(result.executions()));
  if (!result.failed()) {
    if (opt.stats) std::cout << result;
    return;
  }
  result.set_replay_command("WEFT_REPLAY=" + result.replay_token() + " " + program_invocation_name +
                            " --gtest_filter=" + suite + "." + name);
  // Never a line of weft's: GoogleTest prints it as the failure's place.
  const source_line& at = result.location();
  ADD_FAILURE_AT(at.known() ? at.file.c_str() : test.file_name(),
                 at.known() ? static_cast<int>(at.line) : static_cast<int>(test.line()))
      << result;
}

}  // namespace detail

WEFT_END_NAMESPACE

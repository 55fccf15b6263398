// Exploring the interleavings of a test body, and replaying one.
//
// Only in the simulated build (link weft::sim): the pass-through build has no scheduler.
#pragma once

#include <weft/config.hpp>

#if !WEFT_SIM
#error "weft/explore.hpp needs the simulated build: link the target to weft::sim"
#endif

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <weft/errors.hpp>
#include <weft/options.hpp>
#include <weft/report.hpp>

WEFT_BEGIN_NAMESPACE

// Runs `body` as the main simulated thread once per execution, choosing the interleaving
// with opt.strategy, until an execution fails or opt.iterations have run. The body must
// be deterministic apart from what weft controls, since each execution reruns it from
// scratch. Throws weft::option_error for a bad option, before the first execution: every
// field is checked, and options::trace_dir is created if missing and must take a file.
// The report of a failure carries a replay token; the failing schedule has been replayed
// once to confirm it.
report explore(const options& opt, const std::function<void()>& body);

// Reruns the schedule recorded in `token`. Throws weft::replay_error for a malformed or
// truncated token, weft::option_error for an option out of range; a body that no longer makes the recorded choices gives a report of
// kind replay_diverged that says where it diverged.
report replay(std::string_view token, const std::function<void()>& body,
              const options& opt = options());

namespace detail {
// While one lives, a crash or a stall inside an execution prints its replay line as
// "WEFT_REPLAY=<token><tail>", so that the line reruns the test by itself (WEFT_TEST sets
// " ./tests --gtest_filter=Suite.Name"). Scopes nest; the innermost tail is printed.
class rerun_command_scope {
 public:
  explicit rerun_command_scope(std::string_view tail);
  ~rerun_command_scope();
  rerun_command_scope(const rerun_command_scope&) = delete;
  rerun_command_scope& operator=(const rerun_command_scope&) = delete;

 private:
  char previous_[512];
};

// A GTEST_SKIP() inside an execution (WEFT_TEST): what it said, and where.
struct test_skip {
  std::string message;
  source_line where;
};
// Keeps `skip` for the code that called explore() or replay(), unless one is kept
// already (the first wins). A worker process (options::workers) ends without returning
// to that code: it sends its skip to the exploring process, which keeps it here.
void keep_test_skip(test_skip skip);
// The skip kept since the last call, which forgets it.
std::optional<test_skip> take_test_skip();
}  // namespace detail

WEFT_END_NAMESPACE

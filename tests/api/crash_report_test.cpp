// A failure weft found is in the report of a later run of the same exploration that
// crashes (the replay that checks it, or a schedule tried while shrinking it), instead of
// dying with the process.
#include <gtest/gtest.h>

#include <csignal>

#include <weft/weft.hpp>

#include "support.hpp"

namespace {

int runs = 0;

// Fails in its first run; every later run crashes (SIGSEGV, as a bad access would raise
// it, but the same in every build: UBSan reports a null store before any signal).
void fails_then_crashes() {
  WEFT_ASSERT(++runs > 1, "the first run's failure");
  std::raise(SIGSEGV);
}

}  // namespace

// The crash said only its own token: the assertion weft had found, and its token, were lost.
TEST(CrashReport, AFailureFoundBeforeALaterRunCrashesIsInTheCrashReport) {
  EXPECT_DEATH(
      {
        runs = 0;
        weft::explore(weft_test::options_for(5), fails_then_crashes);
      },
      "found before this crash, and lost if not said here: assertion: "
      "WEFT_ASSERT\\(\\+\\+runs > 1\\) failed: the first run's failure; it replays with WEFT_REPLAY=W2");
}

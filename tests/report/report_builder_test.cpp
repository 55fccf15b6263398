// What a report says about the threads of the failing execution.
#include <gtest/gtest.h>

#include <mutex>

#include <weft/weft.hpp>

#include "support.hpp"

using weft_test::options_for;

// An assertion after an unlock (no scheduling point): the failing thread's row showed it
// runnable at its last wait, not where it failed.
TEST(ReportBuilder, TheFailingThreadIsRunningWhereItFailed) {
  static unsigned failing_line = 0;
  const weft::report r = weft::explore(options_for(100), [] {
    weft::mutex m;
    weft::condition_variable cv;
    bool ready = false;
    weft::thread t([&] {
      {
        std::unique_lock l(m);
        cv.wait(l, [&] { return ready; });
      }
      failing_line = __LINE__ + 1;
      WEFT_ASSERT(false, "after the wait");
    });
    {
      std::lock_guard g(m);
      ready = true;
    }
    cv.notify_one();
    t.join();
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::assertion) << r;
  ASSERT_EQ(r.threads().size(), 2u) << r;
  const weft::thread_state& failing = r.threads()[1];
  EXPECT_EQ(failing.state, "running") << r;
  EXPECT_EQ(failing.operation, "assertion failed") << r;
  EXPECT_EQ(failing.where.line, failing_line) << r;
  EXPECT_EQ(r.threads()[0].state, "blocked") << r;
}

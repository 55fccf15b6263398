// The opt-in check for a blocking call made while holding a weft mutex.
#include <gtest/gtest.h>

#include <mutex>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;

namespace {

weft::options checked(bool on) {
  weft::options opt = weft_test::options_for(300);
  opt.check_lock_across_blocking = on;
  return opt;
}

constexpr unsigned lock_line = __LINE__ + 11;
// A producer that keeps its stats lock while handing an item to a slow consumer.
void producer(bool fixed) {
  weft::mutex stats;
  int sent = 0;
  weft::channel<int> out(1);
  weft::thread consumer([&] {
    while (out.recv()) {
    }
  });
  for (int i = 0; i < 3; ++i) {
    std::unique_lock l(stats);
    ++sent;
    if (fixed) l.unlock();
    out.send(i);
  }
  out.close();
  consumer.join();
  WEFT_ASSERT(sent == 3);
}

}  // namespace

TEST(LockAcrossBlocking, SendingWhileHoldingAMutexIsReportedWithBothLines) {
  const weft::report buggy = weft::explore(checked(true), [] { producer(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::lock_across_blocking) << buggy;
  EXPECT_NE(buggy.message().find("send channel#"), std::string::npos) << buggy.message();
  EXPECT_NE(buggy.message().find("while holding mutex#1, locked at"), std::string::npos) << buggy.message();
  EXPECT_NE(buggy.message().find(":" + std::to_string(lock_line)), std::string::npos) << buggy.message();
  EXPECT_EQ(buggy.location().line, lock_line + 3) << buggy;

  EXPECT_FALSE(weft::explore(checked(true), [] { producer(true); }).failed());
  EXPECT_FALSE(weft::explore(checked(false), [] { producer(false); }).failed()) << "the check is opt-in";
}

TEST(LockAcrossBlocking, WaitingWithTheConditionVariablesOwnMutexIsFineButNotWithAnother) {
  auto body = [](bool hold_another) {
    weft::mutex m;
    weft::mutex other;
    weft::condition_variable cv;
    bool ready = false;
    weft::thread setter([&] {
      std::lock_guard g(m);
      ready = true;
      cv.notify_one();
    });
    {
      std::unique_lock extra(other, std::defer_lock);
      if (hold_another) extra.lock();
      std::unique_lock l(m);
      cv.wait(l, [&] { return ready; });
    }
    setter.join();
  };
  EXPECT_FALSE(weft::explore(checked(true), [&] { body(false); }).failed());
  EXPECT_EQ(weft::explore(checked(true), [&] { body(true); }).kind(), failure_kind::lock_across_blocking);
}

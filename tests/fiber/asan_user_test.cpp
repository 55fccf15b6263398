// A user's test built with -fsanitize=address, linked against weft::sim as it was built
// (in the plain build: without ASan). weft finds ASan at run time and tells it about
// every fiber switch, so bodies whose frames ASan instruments run without false reports,
// also with ASAN_OPTIONS=detect_stack_use_after_return=1 (ctest runs both); and an
// error ASan reports inside an execution is followed by the execution's replay token.
#include <gtest/gtest.h>

#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

// A frame with a local array, which ASan surrounds with redzones (and, detecting
// use-after-return, may place on a fake stack): ASan checks every access to it against
// its idea of which stack is running.
[[gnu::noinline]] int touch_frame(weft::mutex& m, int& shared) {
  char buffer[512];
  std::memset(buffer, 1, sizeof buffer);
  for (int i = 0; i < 3; ++i) {
    std::lock_guard guard(m);
    shared += buffer[i * 100];
  }
  return buffer[sizeof buffer - 1];
}

[[gnu::noinline]] void throw_and_catch(weft::mutex& m) {
  char buffer[64];
  std::memset(buffer, 2, sizeof buffer);
  try {
    std::lock_guard guard(m);
    throw std::runtime_error(std::string(buffer, 8));
  } catch (const std::runtime_error&) {
  }
}

}  // namespace

TEST(AsanUser, InstrumentedFramesOnEveryThreadPass) {
  const weft::report r = weft::explore(options_for(300), [] {
    weft::mutex m;
    int shared = 0;
    weft::thread a([&] { touch_frame(m, shared); throw_and_catch(m); });
    weft::thread b([&] { throw_and_catch(m); touch_frame(m, shared); });
    touch_frame(m, shared);
    a.join();
    b.join();
    WEFT_ASSERT(shared == 9);
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_EQ(r.executions(), 300u);
}

// A failed execution's teardown unwinds instrumented frames without returning from them,
// leaving their redzones poisoned on the pooled stacks; the next executions reuse those
// stacks for other frames (weft's own, not instrumented in a plain build, which write
// there through ASan's memcpy). weft clears a stack's poison when it returns it to the pool.
TEST(AsanUser, StacksReusedAfterATeardownCarryNoStalePoison) {
  const weft::report deadlock = weft::explore(options_for(300), [] {
    weft::mutex a;
    weft::mutex b;
    auto locker = [](weft::mutex& first, weft::mutex& second) {
      char buffer[512];
      std::memset(buffer, 3, sizeof buffer);
      std::lock_guard g1(first);
      std::lock_guard g2(second);
    };
    weft::thread t1(locker, std::ref(a), std::ref(b));
    weft::thread t2(locker, std::ref(b), std::ref(a));
    t1.join();
    t2.join();
  });
  ASSERT_EQ(deadlock.kind(), failure_kind::deadlock) << deadlock;
  const weft::report misuse = weft::explore(options_for(10), [] {
    weft::thread other([] {});
    weft::mutex m;
    m.lock();
    m.lock();
    other.join();
  });
  ASSERT_EQ(misuse.kind(), failure_kind::misuse) << misuse;
}

namespace {

// The reader may read the value after main has freed it: a heap-use-after-free in some
// schedules only.
void read_after_free() {
  weft::atomic<int*> slot{new int(7)};
  weft::atomic<int> sum{0};
  weft::thread reader([&] {
    int* seen = slot.load();
    sum.fetch_add(1);
    if (seen != nullptr) sum.fetch_add(*seen);
  });
  delete slot.exchange(nullptr);
  reader.join();
}

}  // namespace

TEST(AsanUser, AReportInsideAnExecutionIsFollowedByItsReplayToken) {
  EXPECT_DEATH(weft::explore(options_for(1000), read_after_free),
               "AddressSanitizer: heap-use-after-free.*weft: the process was stopped by a sanitizer \\(its report is "
               "above\\) inside a simulated execution.*WEFT_REPLAY=W2");
}

// A user's test of code written with std::thread and std::mutex only, linked with the
// installed weft::interpose: WEFT_TEST explores it, and a lost update is found.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include <weft/gtest.hpp>

namespace {

int racy_total() {
  std::mutex m;
  int total = 0;
  auto add = [&] {
    int seen;
    {
      const std::lock_guard hold(m);
      seen = total;
    }
    const std::lock_guard hold(m);
    total = seen + 1;
  };
  std::thread a(add), b(add);
  a.join();
  b.join();
  return total;
}

}  // namespace

TEST(ConsumerInterpose, ALostUpdateInStdCodeIsFound) {
  weft::options opt;
  opt.iterations = 500;
  const weft::report r = weft::explore_with_gtest(opt, [] { EXPECT_EQ(racy_total(), 2); });
  EXPECT_EQ(r.kind(), weft::failure_kind::assertion) << r;
}

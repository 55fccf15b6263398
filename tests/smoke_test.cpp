#include <gtest/gtest.h>

#include <weft/gtest.hpp>
#include <weft/weft.hpp>

TEST(Smoke, FindsLostUpdate) {
  weft::options opt;
  opt.iterations = 1000;
  int executions = 0;
  const weft::report r = weft::explore(opt, [&] {
    ++executions;
    weft::atomic<int> x{0};
    weft::thread a([&] { x.store(x.load() + 1); });
    weft::thread b([&] { x.store(x.load() + 1); });
    a.join();
    b.join();
    WEFT_ASSERT(x.load() == 2, "lost update");
  });
  std::cout << r;
  EXPECT_EQ(r.kind(), weft::failure_kind::assertion);
}

#include <mutex>

#include <weft/gtest.hpp>
#include <weft/weft.hpp>

WEFT_TEST(Consumer, LockedCounter) {
  weft::mutex m;
  int count = 0;
  weft::thread a([&] { std::lock_guard g(m); ++count; });
  weft::thread b([&] { std::lock_guard g(m); ++count; });
  a.join();
  b.join();
  EXPECT_EQ(count, 2);
}

TEST(Consumer, FindsALostUpdate) {
  weft::options opt;
  opt.iterations = 1000;
  const weft::report r = weft::explore(opt, [] {
    weft::atomic<int> x{0};
    weft::thread a([&] { x.store(x.load() + 1); });
    weft::thread b([&] { x.store(x.load() + 1); });
    a.join();
    b.join();
    WEFT_ASSERT(x.load() == 2);
  });
  EXPECT_EQ(r.kind(), weft::failure_kind::assertion);
}

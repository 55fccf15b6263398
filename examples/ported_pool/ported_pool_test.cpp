// tinypool, a pool written against std, tested under weft without editing it: the build
// force-includes prelude.hpp, which points the pool's std names at weft's primitives.
#include <gtest/gtest.h>

#include <type_traits>

#include <weft/explore.hpp>
#include <weft/gtest.hpp>

#include "ported_pool/tinypool_v1.hpp"
#include "ported_pool/tinypool_v2.hpp"

static_assert(std::is_same_v<tinypool_v1::std::mutex, weft::mutex>, "the prelude must shadow std::mutex");
static_assert(std::is_same_v<tinypool_v1::std::future<int>, weft::future<int>>);

namespace {

// Submits three jobs, takes their results, then destroys the pool.
template <class Pool>
void submit_then_get() {
  Pool p(2);
  auto a = p.submit([] { return 1; });
  auto b = p.submit([] { return 2; });
  auto c = p.submit([] { return 3; });
  EXPECT_EQ(a.get() + b.get() + c.get(), 6);
}

weft::options strategy(const char* name, std::uint64_t iterations) {
  weft::options opt(weft::options::defaults_only);
  opt.strategy = name;
  opt.iterations = iterations;
  return opt;
}

}  // namespace

// Release 1.0 sets its stop flag outside the mutex: a worker that has just found nothing
// to do misses the notify, sleeps for ever, and the destructor's join never returns.
TEST(PortedPool, ReleaseOneLosesTheShutdownWakeupUnderEveryStrategy) {
  for (const char* name : {"random", "pct", "pos"}) {
    const weft::report r = weft::explore_with_gtest(strategy(name, 2000), submit_then_get<tinypool_v1::pool>);
    EXPECT_EQ(r.kind(), weft::failure_kind::deadlock) << name << "\n" << r;
  }
}

TEST(PortedPool, ReleaseOneOneShutsDownCleanlyUnderEveryStrategy) {
  for (const char* name : {"random", "pct", "pos"}) {
    const weft::report r = weft::explore_with_gtest(strategy(name, 5000), submit_then_get<tinypool_v2::pool>);
    EXPECT_FALSE(r.failed()) << name << "\n" << r;
  }
}

// The same test as a user would write it.
WEFT_TEST(PortedPool, SubmitThenGet) { submit_then_get<tinypool_v2::pool>(); }

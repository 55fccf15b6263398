// WEFT_SHADOW_STD (weft/shadow_std.hpp): code written against std, inside a namespace
// that shadows it, uses weft's primitives under their std names, the atomic aliases,
// atomic_ref and fences included; std types weft does not simulate are refused at compile
// time instead of running unseen.
#include <gtest/gtest.h>

#include <cstddef>
#include <memory>
#include <type_traits>

#include <weft/shadow_std.hpp>
#include <weft/weft.hpp>

#include "support.hpp"

using weft_test::options_for;

namespace shadowed { WEFT_SHADOW_STD }

// Unedited std code: it names std's types, which inside `shadowed` are weft's.
namespace shadowed {

// A value handed over with a stop request: the waiter that the request stops reads what
// the requester stored before it, relaxed (the request is the synchronization).
inline void handed_over_with_a_stop_request() {
  std::atomic<int> value{0};
  std::mutex m;
  std::condition_variable_any cv;
  std::stop_source source;
  std::thread waiter([&, token = source.get_token()] {
    std::unique_lock lock(m);
    if (!cv.wait(lock, token, [] { return false; })) WEFT_ASSERT(value.load(std::memory_order_relaxed) == 1);
  });
  value.store(1, std::memory_order_relaxed);
  source.request_stop();
  waiter.join();
}

// Two threads increment a std::atomic_int with a separate load and store: a lost update.
inline void lost_update_through_an_alias() {
  std::atomic_int count{0};
  auto increment = [&] {
    const int seen = count.load();
    count.store(seen + 1);
  };
  std::thread a(increment), b(increment);
  a.join();
  b.join();
  WEFT_ASSERT(count.load() == 2, "an increment was lost");
}

// The same lost update on a plain int shared through std::atomic_ref (CTAD, as std allows).
inline void lost_update_through_an_atomic_ref() {
  int count = 0;
  auto increment = [&] {
    std::atomic_ref ref(count);
    ref.store(ref.load() + 1);
  };
  std::thread a(increment), b(increment);
  a.join();
  b.join();
  WEFT_ASSERT(count == 2, "an increment was lost");
}

// Message passing with relaxed accesses ordered by a release and an acquire fence: correct.
struct mailbox {
  std::atomic<int> data{0};
  std::atomic_bool ready{false};
  void publish(int value) {
    data.store(value, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    ready.store(true, std::memory_order_relaxed);
  }
  int try_read() {
    if (!ready.load(std::memory_order_relaxed)) return -1;
    std::atomic_thread_fence(std::memory_order_acquire);
    return data.load(std::memory_order_relaxed);
  }
};

inline void fenced_handoff() {
  mailbox box;
  std::thread writer([&] { box.publish(42); });
  const int read = box.try_read();
  WEFT_ASSERT(read == -1 || read == 42, "the fences did not order the handoff");
  writer.join();
}

// A C-style spinlock, as legacy code writes it: ATOMIC_FLAG_INIT and the free functions.
// Its test_and_set is relaxed, so the lock orders nothing: a data race on what it guards.
// With acquire, it is correct.
inline void c_style_spinlock(std::memory_order take) {
  std::atomic_flag busy = ATOMIC_FLAG_INIT;
  weft::shared<int> guarded;
  std::atomic<int> done{0};
  auto critical = [&] {
    while (std::atomic_flag_test_and_set_explicit(&busy, take)) std::this_thread::yield();
    guarded = guarded.read() + 1;
    std::atomic_flag_clear_explicit(&busy, std::memory_order_release);
    std::atomic_fetch_add_explicit(&done, 1, std::memory_order_relaxed);
  };
  std::thread a(critical), b(critical);
  a.join();
  b.join();
  WEFT_ASSERT(std::atomic_load(&done) == 2);
}

// Declarations that deduce their template arguments, as std code writes them (cppreference's
// barrier example among them): through alias templates clang 16 refused them all.
inline void deduced_declarations() {
  std::atomic arrivals{0};
  int completions = 0;
  auto on_completion = [&]() noexcept { ++completions; };
  std::barrier sync_point(2, on_completion);
  std::barrier plain(1);
  std::packaged_task answer([] { return 42; });
  std::future<int> result = answer.get_future();
  std::thread other([&] {
    arrivals.fetch_add(1);
    sync_point.arrive_and_wait();
  });
  arrivals.fetch_add(1);
  sync_point.arrive_and_wait();
  plain.arrive_and_wait();
  answer();
  other.join();
  WEFT_ASSERT(arrivals.load() == 2 && completions == 1 && result.get() == 42);
}

}  // namespace shadowed

namespace {

template <class T>
constexpr bool complete = requires { sizeof(T); };

static_assert(std::is_same_v<shadowed::std::atomic_int, weft::atomic<int>>);
static_assert(std::is_same_v<shadowed::std::atomic_bool, weft::atomic<bool>>);
static_assert(std::is_same_v<shadowed::std::atomic_size_t, weft::atomic<std::size_t>>);
static_assert(std::is_same_v<shadowed::std::atomic_uint64_t, weft::atomic<std::uint64_t>>);
static_assert(!complete<shadowed::std::shared_timed_mutex>, "shared_timed_mutex must not be std's");
static_assert(std::is_same_v<shadowed::std::atomic_ref<int>, weft::atomic_ref<int>>);
static_assert(std::is_same_v<shadowed::std::atomic<std::shared_ptr<int>>, weft::atomic<std::shared_ptr<int>>>);
static_assert(std::is_same_v<decltype(&shadowed::std::notify_all_at_thread_exit),
                             decltype(&weft::notify_all_at_thread_exit)>);
static_assert(std::is_same_v<shadowed::std::stop_callback<void (*)()>, weft::stop_callback<void (*)()>>);
static_assert(std::is_same_v<shadowed::std::stop_source, weft::stop_source>);
static_assert(complete<shadowed::std::shared_mutex>);
static_assert(std::is_same_v<decltype(shadowed::std::atomic{0}), weft::atomic<int>>);
static_assert(std::is_same_v<decltype(shadowed::std::barrier(1)), weft::barrier<>>);
static_assert(std::is_same_v<shadowed::std::counting_semaphore<>, weft::counting_semaphore<>>);
static_assert(std::is_same_v<decltype(shadowed::std::packaged_task([] { return 1; })), weft::packaged_task<int()>>);

}  // namespace

// With std::atomic_int left to std, weft saw none of its operations and dfs completed
// without a failure.
TEST(ShadowStd, AnAtomicAliasIsWeftsAtomic) {
  weft::options opt = options_for(0, "dfs");
  const weft::report r = weft::explore(opt, shadowed::lost_update_through_an_alias);
  ASSERT_TRUE(r.failed()) << r;
  EXPECT_EQ(r.kind(), weft::failure_kind::assertion) << r;
}

// With std::atomic_ref refused, this did not compile; left to std, weft would not see it.
TEST(ShadowStd, AtomicRefIsWeftsAtomicRef) {
  const weft::report r = weft::explore(options_for(0, "dfs"), shadowed::lost_update_through_an_atomic_ref);
  ASSERT_TRUE(r.failed()) << r;
  EXPECT_EQ(r.kind(), weft::failure_kind::assertion) << r;
}

// With std::atomic_thread_fence left to std, weft ignored the fences and reported the
// stale read they forbid.
TEST(ShadowStd, FencesAreWeftsFences) {
  const weft::report r = weft::explore(options_for(2000), shadowed::fenced_handoff);
  EXPECT_FALSE(r.failed()) << r;
}

// With std::stop_source left to std, a request made before the waiter's wait was one
// weft had not seen: the waiter read the stale 0.
TEST(ShadowStd, StopSourceIsWefts) {
  const weft::report r = weft::explore(options_for(2000), shadowed::handed_over_with_a_stop_request);
  EXPECT_FALSE(r.failed()) << r;
}

// With the free functions and ATOMIC_FLAG_INIT left to std, this did not compile.
TEST(ShadowStd, FreeFunctionsAndAtomicFlagInitAreWefts) {
  const weft::report relaxed =
      weft::explore(options_for(0, "dfs"), [] { shadowed::c_style_spinlock(std::memory_order_relaxed); });
  EXPECT_EQ(relaxed.kind(), weft::failure_kind::data_race) << relaxed;
  const weft::report acquire =
      weft::explore(options_for(0, "dfs"), [] { shadowed::c_style_spinlock(std::memory_order_acquire); });
  EXPECT_FALSE(acquire.failed()) << acquire;
}

// Through alias templates, clang 16 did not compile deduced_declarations ("alias template
// 'barrier' requires template arguments"); the static_asserts above check the types.
TEST(ShadowStd, DeductionFromInitializersWorksAsInStd) {
  const weft::report r = weft::explore(options_for(200), shadowed::deduced_declarations);
  EXPECT_FALSE(r.failed()) << r;
}

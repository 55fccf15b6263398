// weft::thread, jthread and this_thread.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <set>
#include <stop_token>
#include <string>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

using weft_test::options_for;

TEST(Thread, ArgumentsAreDecayCopiedAndMoveOnlyArgumentsWork) {
  const weft::report r = weft::explore(options_for(20), [] {
    int result = 0;
    auto owned = std::make_unique<int>(41);
    weft::thread t([&result](std::unique_ptr<int> p, int add) { result = *p + add; }, std::move(owned), 1);
    t.join();
    WEFT_ASSERT(result == 42);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Thread, IdsAreDistinctAndMatchThisThread) {
  const weft::report r = weft::explore(options_for(20), [] {
    weft::thread::id seen_inside[2];
    weft::thread a([&] { seen_inside[0] = weft::this_thread::get_id(); });
    weft::thread b([&] { seen_inside[1] = weft::this_thread::get_id(); });
    const auto ida = a.get_id();
    const auto idb = b.get_id();
    a.join();
    b.join();
    WEFT_ASSERT(ida != idb && seen_inside[0] == ida && seen_inside[1] == idb);
    WEFT_ASSERT(weft::this_thread::get_id() != ida && weft::thread().get_id() == weft::thread::id());
    std::unordered_set<weft::thread::id> ids{ida, idb};
    WEFT_ASSERT(ids.size() == 2);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Thread, NamesAppearInReports) {
  const weft::report r = weft::explore(options_for(20), [] {
    weft::thread t([] {
      weft::this_thread::set_name("cache-refresher");
      weft::this_thread::yield();
      WEFT_ASSERT(false, "named failure");
    });
    t.join();
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::assertion);
  EXPECT_EQ(r.threads()[1].name, "cache-refresher");
  std::ostringstream text;
  text << r;
  EXPECT_NE(text.str().find("t1 cache-refresher"), std::string::npos) << text.str();
}

// A join of a thread that has finished does not wait, and is no scheduling point; it is
// still what the joiner did last, so the trace shows the join right before the failure,
// and the joiner's row shows it running where it failed.
TEST(Thread, AFailureAfterAJoinThatDidNotWaitShowsTheJoin) {
  constexpr unsigned join_line = __LINE__ + 5;
  const weft::report r = weft::explore(options_for(20), [] {
    weft::atomic<bool> done{false};
    weft::thread t([&] { done.store(true); });  // finishes at once after its store
    while (!done.load()) weft::this_thread::yield();
    t.join();
    WEFT_ASSERT(false, "after the join");
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::assertion) << r;
  ASSERT_FALSE(r.threads().empty());
  EXPECT_EQ(r.threads()[0].state, "running") << r;
  EXPECT_EQ(r.threads()[0].where.line, join_line + 1) << r;
  ASSERT_GE(r.trace().size(), 2u) << r;
  const weft::trace_event& before = r.trace()[r.trace().size() - 2];
  EXPECT_EQ(before.operation, "join") << r;
  EXPECT_EQ(before.where.line, join_line) << r;
}

// A spawn passes no scheduling point either: what the creator did last is the spawn, so
// the trace shows it right before a failure that follows it (the creator's row showed
// "start", and a stall said the thread had "made no weft operation yet").
TEST(Thread, AFailureAfterASpawnShowsTheSpawn) {
  constexpr unsigned spawn_line = __LINE__ + 2;
  const weft::report r = weft::explore(options_for(5), [] {
    weft::thread t([] {});
    WEFT_ASSERT(false, "after the spawn");
    t.join();
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::assertion) << r;
  ASSERT_GE(r.trace().size(), 2u) << r;
  const weft::trace_event& before = r.trace()[r.trace().size() - 2];
  EXPECT_EQ(before.operation, "spawn") << r;
  EXPECT_EQ(before.where.line, spawn_line) << r;
}

TEST(JThread, PassesItsStopTokenAndStopsAndJoinsOnDestruction) {
  const weft::report r = weft::explore(options_for(300), [] {
    weft::atomic<int> rounds{0};
    {
      weft::jthread worker([&](std::stop_token stop) {
        while (!stop.stop_requested()) {
          rounds.fetch_add(1);
          weft::this_thread::yield();
        }
      });
      WEFT_ASSERT(worker.joinable() && worker.get_stop_token().stop_possible());
    }
    const int after = rounds.load();
    weft::this_thread::yield();
    WEFT_ASSERT(rounds.load() == after, "the worker kept running after ~jthread");
  });
  EXPECT_FALSE(r.failed()) << r;
}

// A worker that ignores its stop token never ends: ~jthread's join waits forever. The
// destructor has no line of its own; the report names the line that created the jthread,
// as its spawn does (it showed "join t1  -").
TEST(JThread, ADestructorsJoinThatNeverEndsNamesTheJThreadsLine) {
  const weft::report r = weft::explore(options_for(20), [] {
    weft::mutex m;
    weft::condition_variable cv;
    bool work = false;
    weft::jthread worker([&](std::stop_token) {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return work; });
    });
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::deadlock) << r;
  unsigned spawn_line = 0;
  std::vector<unsigned> stop_and_join_lines;
  for (const auto& e : r.trace()) {
    if (e.operation == "spawn") spawn_line = e.where.line;
    if (e.operation == "request_stop" || e.operation == "join") stop_and_join_lines.push_back(e.where.line);
  }
  ASSERT_NE(spawn_line, 0u) << r;
  EXPECT_EQ(stop_and_join_lines, (std::vector<unsigned>{spawn_line, spawn_line})) << r;
  ASSERT_FALSE(r.threads().empty());
  EXPECT_EQ(r.threads()[0].operation, "join") << r;
  EXPECT_EQ(r.threads()[0].where.line, spawn_line) << r;
}

TEST(Thread, OutsideAnExplorationIsAUsageError) {
  EXPECT_THROW(weft::thread([] {}), weft::usage_error);
}

// Reports name the line that created each thread, unless the standard library created it
// (emplace_back), whose line would say nothing.
TEST(Thread, SpawnEventsNameTheCreatingLine) {
  static unsigned thread_line = 0;
  static unsigned jthread_line = 0;
  const weft::report r = weft::explore(options_for(10), [] {
    thread_line = __LINE__ + 1;
    weft::thread plain([] {});
    jthread_line = __LINE__ + 1;
    weft::jthread stoppable([](std::stop_token) {});
    std::vector<weft::thread> pool;
    pool.emplace_back([] {});
    plain.join();
    pool[0].join();
    WEFT_ASSERT(false, "show the trace");
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::assertion) << r;
  EXPECT_EQ(weft_test::lines_of(r, "spawn"), (std::vector<unsigned>{thread_line, jthread_line, 0})) << r;
}

namespace {

struct counter {
  void add(int n) { value += n; }
  int value = 0;
};
void store(int& into, int n) { into = n; }

// What std::thread accepts, weft::thread does: the callable converts to the constructor's
// first parameter, which takes the creating line, and deduces nothing from it.
static_assert(std::is_constructible_v<weft::thread, void (counter::*)(int), counter*, int>);
static_assert(std::is_constructible_v<weft::thread, void (&)(int&, int), std::reference_wrapper<int>, int>);
static_assert(std::is_constructible_v<weft::jthread, void (*)(std::stop_token, int), int>);
static_assert(!std::is_constructible_v<weft::thread, weft::thread&>);
static_assert(!std::is_convertible_v<void (*)(), weft::thread>);

}  // namespace

// Threads created with arguments name the creating line too (they named none): a member
// function with its object, a function by name with a reference_wrapper, a lambda with a
// move-only argument, jthreads with and without the stop token. A thread the standard
// library creates (emplace_back) still names none.
TEST(Thread, ThreadsCreatedWithArgumentsNameTheCreatingLine) {
  static std::vector<unsigned> lines;
  const weft::report r = weft::explore(options_for(10), [] {
    lines.clear();
    counter c;
    int by_name = 0;
    int moved = 0;
    lines.push_back(__LINE__ + 1);
    weft::thread member(&counter::add, &c, 2);
    lines.push_back(__LINE__ + 1);
    weft::thread function(store, std::ref(by_name), 3);
    lines.push_back(__LINE__ + 1);
    weft::thread lambda([](std::unique_ptr<int> p, int& to) { to = *p; }, std::make_unique<int>(4), std::ref(moved));
    lines.push_back(__LINE__ + 1);
    weft::jthread stoppable([](std::stop_token st, int n) { WEFT_ASSERT(st.stop_possible() && n == 5); }, 5);
    lines.push_back(__LINE__ + 1);
    weft::jthread plain([](int n) { WEFT_ASSERT(n == 6); }, 6);
    std::vector<weft::thread> pool;
    pool.emplace_back([](int n) { WEFT_ASSERT(n == 7); }, 7);
    lines.push_back(0);
    for (weft::thread* t : {&member, &function, &lambda, &pool[0]}) t->join();
    stoppable.join();
    plain.join();
    WEFT_ASSERT(c.value == 2 && by_name == 3 && moved == 4);
    WEFT_ASSERT(false, "show the trace");
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::assertion) << r;
  EXPECT_NE(r.message().find("show the trace"), std::string::npos) << r;
  EXPECT_EQ(weft_test::lines_of(r, "spawn"), lines) << r;
}

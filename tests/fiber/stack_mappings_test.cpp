// Running out of stacks for simulated threads (goal 3 of issue 16): a small mapping
// budget (options::max_stack_mappings) stands in for vm.max_map_count. The exploration
// ends with a weft::resource_error that names the limit and what to change, not a
// crash and not a failure with a replay token; every thread is unwound first, and the
// stacks go back to the pool for the next exploration.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

namespace {

// A stack size no other test uses: these tests get a pool of their own (a pool is kept
// per stack size), which starts with no mappings. 6 mappings: two guarded stacks (2
// each) and, in the 2 left for blocks (an eighth of the budget, at least 2), one block
// of 64, so 66 stacks.
weft::options small_budget() {
  weft::options opt = weft_test::options_for(1);
  opt.threads = weft::thread_backend::fibers;
  opt.stack_size = 72 << 10;
  opt.max_stack_mappings = 6;
  return opt;
}
constexpr std::size_t stacks_in_budget = 66;

// Counts the threads between their start and their unwinding.
int alive = 0;
struct lifetime {
  lifetime() { ++alive; }
  ~lifetime() { --alive; }
  lifetime(const lifetime&) = delete;
  lifetime& operator=(const lifetime&) = delete;
};

// `count` threads, each waiting at a latch that opens when all have started: all of
// them are live at once.
void threads_waiting_together(std::size_t count) {
  const lifetime main_thread;
  weft::latch all_started(static_cast<std::ptrdiff_t>(count) + 1);
  std::vector<weft::thread> threads;
  threads.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    threads.emplace_back([&] {
      const lifetime me;
      all_started.arrive_and_wait();
    });
  }
  all_started.arrive_and_wait();
  for (weft::thread& t : threads) t.join();
}

std::string exploration_error(const weft::options& opt, const std::function<void()>& body) {
  try {
    const weft::report r = weft::explore(opt, body);
    ADD_FAILURE() << "no error; the report:\n" << r;
  } catch (const weft::resource_error& e) {
    return e.what();
  }
  return {};
}

void expect_names_the_limit(const std::string& error) {
  EXPECT_NE(error.find("weft: cannot make a stack for another simulated thread: " +
                       std::to_string(stacks_in_budget) + " threads have one already, of 72 KiB each"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("taken all 6 memory mappings allowed (options::max_stack_mappings / WEFT_STACK_MAPPINGS"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("Run fewer simulated threads at once, or raise WEFT_STACK_MAPPINGS"), std::string::npos)
      << error;
  EXPECT_EQ(error.find("WEFT_REPLAY"), std::string::npos) << error;  // not a bug to replay
}

}  // namespace

TEST(StackMappings, RunningOutIsAResourceErrorNamingTheLimitAfterEveryThreadIsUnwound) {
  alive = 0;
  const std::string error = exploration_error(small_budget(), [] { threads_waiting_together(200); });
  expect_names_the_limit(error);
  EXPECT_EQ(alive, 0) << "a thread was not unwound";
}

TEST(StackMappings, ASpawnFromAThreadOtherThanMainRunsOutTheSameWay) {
  alive = 0;
  const std::string error = exploration_error(small_budget(), [] {
    weft::thread spawner([] { threads_waiting_together(200); });
    spawner.join();
  });
  // The spawner's own stack is one of the live ones.
  expect_names_the_limit(error);
  EXPECT_EQ(alive, 0) << "a thread was not unwound";
}

TEST(StackMappings, AWorkerProcessRunningOutIsTheSameResourceError) {
  weft::options opt = small_budget();
  opt.workers = 2;
  opt.iterations = 4;
  expect_names_the_limit(exploration_error(opt, [] { threads_waiting_together(200); }));
}

TEST(StackMappings, TheStacksGoBackToThePoolForTheNextExploration) {
  exploration_error(small_budget(), [] { threads_waiting_together(200); });
  weft::options opt = small_budget();
  opt.iterations = 3;
  const weft::report r = weft::explore(opt, [] { threads_waiting_together(stacks_in_budget - 1); });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(StackMappings, ThreadsPastTheGuardedStacksRunOnStacksFromBlocks) {
  // 60 threads, all but the first stack carved from a block, each using half its stack:
  // a red zone below a stack is not mistaken for an overflow.
  weft::options opt = small_budget();
  opt.iterations = 5;
  const weft::report r = weft::explore(opt, [] {
    weft::latch all_started(61);
    std::vector<weft::thread> threads;
    for (int i = 0; i < 60; ++i) {
      threads.emplace_back([&] {
        volatile char half[36 << 10];
        half[0] = 1;
        half[sizeof half - 1] = 1;
        all_started.arrive_and_wait();
      });
    }
    all_started.arrive_and_wait();
    for (weft::thread& t : threads) t.join();
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(StackMappings, ThreadsStartedOneAfterAnotherShareTheStacksOfThoseThatFinished) {
  // Far more threads than the budget has stacks, started in batches of one or eight and
  // joined before the next batch: a finished thread's fiber runs the next one, in the same
  // execution.
  weft::options opt = small_budget();
  opt.iterations = 3;
  const auto one_after_another = [](int count, int concurrent) {
    weft::atomic<int> ran{0};
    std::vector<weft::thread> batch;
    for (int i = 0; i < count; i += concurrent) {
      for (int j = 0; j < concurrent; ++j) batch.emplace_back([&] { ran.fetch_add(1); });
      for (weft::thread& t : batch) t.join();
      batch.clear();
    }
    WEFT_ASSERT(ran.load() == count);
  };
  for (const int concurrent : {1, 8}) {  // 1,320 threads: 8 divides it
    const weft::report r = weft::explore(opt, [&] { one_after_another(20 * stacks_in_budget, concurrent); });
    EXPECT_FALSE(r.failed()) << r;
  }
}

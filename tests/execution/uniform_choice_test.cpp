// The execution draws the thread choice of a strategy that offers its stream
// (strategy::uniform_thread_stream, the random walk) itself, without asking next_thread
// (scheduler/src/execution/choosing.cpp). The two must give the same answers: the same
// seed must explore the same schedules however the choice is made, or a token found by
// one path would name schedules the strategy never meant.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include <weft/options.hpp>
#include <weft/weft.hpp>

#include "execution/execution.hpp"
#include "fiber/fiber_backend.hpp"
#include "strategy/random_walk.hpp"
#include "strategy/strategy.hpp"

namespace {

// Four threads increment under a mutex and outside it: choices among all runnable threads,
// and, while the mutex is held, among those whose next step is not a lock that would wait.
void increments_inside_and_outside_a_lock() {
  weft::mutex m;
  weft::atomic<int> x{0};
  int guarded = 0;
  std::vector<weft::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) {
        x.fetch_add(1);
        const std::lock_guard hold(m);
        guarded = guarded + 1;
        x.fetch_add(1);
      }
    });
  }
  for (weft::thread& t : threads) t.join();
  WEFT_ASSERT(x.load() == 24 && guarded == 12);
}

// The random walk, answering through next_thread only: it does not offer its stream.
class asked_random_walk final : public weft::detail::strategy {
 public:
  explicit asked_random_walk(std::uint64_t seed) : walk_(seed) {}
  bool begin_execution(std::uint64_t index) override { return walk_.begin_execution(index); }
  weft::detail::thread_index next_thread(const weft::detail::thread_choice& choice) override {
    ++asked;
    return walk_.next_thread(choice);
  }
  std::uint64_t next_value(const weft::detail::value_choice& choice) override { return walk_.next_value(choice); }
  std::string describe() const override { return "asked random"; }

  std::uint64_t asked = 0;

 private:
  weft::detail::random_walk walk_;
};

struct schedule {
  std::uint64_t hash;
  std::vector<std::uint64_t> deviations;  // position and value of each
  bool operator==(const schedule&) const = default;
};

std::vector<schedule> schedules_of(weft::detail::strategy& chooser, std::uint64_t executions) {
  weft::detail::fiber_backend fibers(weft::options{}.stack_size);
  weft::detail::execution ex(chooser, weft::detail::execution_config{}, fibers);
  std::vector<schedule> made;
  for (std::uint64_t run = 0; run < executions; ++run) {
    chooser.begin_execution(run);  // what explore() does before each execution
    ex.run(increments_inside_and_outside_a_lock);
    EXPECT_FALSE(ex.failed()) << ex.failure().message;
    schedule s{ex.choices().schedule_hash(), {}};
    for (const weft::detail::deviation& d : ex.choices().deviations()) {
      s.deviations.push_back(d.position);
      s.deviations.push_back(d.value);
    }
    made.push_back(std::move(s));
  }
  return made;
}

TEST(UniformChoice, TheExecutionDrawsTheRandomWalksOwnAnswers) {
  weft::detail::random_walk drawn(7);
  asked_random_walk asked(7);
  ASSERT_NE(drawn.uniform_thread_stream(), nullptr);
  ASSERT_EQ(asked.uniform_thread_stream(), nullptr);
  const std::vector<schedule> by_drawing = schedules_of(drawn, 200);
  const std::vector<schedule> by_asking = schedules_of(asked, 200);
  EXPECT_GT(asked.asked, 2000u);  // next_thread answered every choice of the asked walk
  ASSERT_EQ(by_drawing.size(), by_asking.size());
  std::uint64_t differing = 0;
  for (std::size_t i = 0; i < by_drawing.size(); ++i) differing += by_drawing[i] == by_asking[i] ? 0 : 1;
  EXPECT_EQ(differing, 0u) << "of " << by_drawing.size() << " executions";
  // And the walk is a walk: its executions differ from one another.
  EXPECT_NE(by_drawing.front(), by_drawing.back());
}

}  // namespace

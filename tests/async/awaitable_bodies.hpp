// Bodies that use each of weft's awaitables, each with a buggy twin (`buggy`): explored
// under the simulator (awaitables_test.cpp), run on real threads by the pass-through
// build's executor (passthrough/async_test.cpp, correct forms only).
//
// No operation inside a WEFT_ASSERT: the pass-through build compiles it out under NDEBUG.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <weft/async.hpp>
#include <weft/weft.hpp>

namespace weft_test::async_bodies {

using namespace std::chrono_literals;
using weft::channel_status;

// A producer task sends 1..3 on a channel and closes it; a consumer task sums them. The
// buggy consumer stops when a try_recv finds the channel empty.
inline void channel_body(bool buggy) {
  weft::channel<int> ch(buggy ? 3 : 1);
  auto producer = weft::spawn([&]() -> weft::task<> {
    for (int i = 1; i <= 3; ++i) {
      const auto sent = co_await weft::async_send(ch, i);
      WEFT_ASSERT(sent.status == channel_status::ok);
    }
    ch.close();
  });
  auto consumer = weft::spawn([&]() -> weft::task<int> {
    int sum = 0;
    for (;;) {
      if (buggy && ch.try_recv().status == channel_status::empty) co_return sum;
      auto got = co_await weft::async_recv(ch);
      if (got.status == channel_status::closed) co_return sum;
      sum += *got.value;
    }
  });
  producer.join();
  const int sum = consumer.join();
  WEFT_ASSERT(sum == 6, "the consumer missed items");
}

// A task sets a flag after sleeping 5 ms; the buggy reader sleeps until 1 ms and takes
// the sleep for synchronization, expecting the flag already set. The correct reader
// sleeps 10 ms and then waits on a latch the writer counts down: a sleep orders nothing
// on real threads (the pass-through build runs this body there too).
inline void sleep_body(bool buggy) {
  weft::atomic<bool> set{false};
  weft::latch written(1);
  auto writer = weft::spawn([&]() -> weft::task<> {
    const bool slept = co_await weft::this_task::sleep_for(5ms);
    WEFT_ASSERT(slept);
    set.store(true);
    written.count_down();
  });
  auto reader = weft::spawn([&, buggy]() -> weft::task<bool> {
    const auto start = weft::steady_clock::now();
    const bool slept = co_await weft::this_task::sleep_until(start + (buggy ? 1ms : 10ms));
    WEFT_ASSERT(slept);
    WEFT_ASSERT(weft::steady_clock::now() - start >= (buggy ? 1ms : 10ms));
    if (!buggy) co_await weft::async_wait(written);
    co_return set.load();
  });
  writer.join();
  const bool seen = reader.join();
  WEFT_ASSERT(seen, "the flag was not set yet");
}

// Three tasks share two slots of a semaphore; the buggy tasks give theirs back before
// leaving the critical region.
inline void semaphore_body(bool buggy) {
  weft::counting_semaphore<2> slots(2);
  int inside = 0;
  std::vector<weft::join_handle<void>> tasks;
  for (int t = 0; t < 3; ++t) {
    tasks.push_back(weft::spawn([&, buggy]() -> weft::task<> {
      const bool acquired = co_await weft::async_acquire(slots);
      WEFT_ASSERT(acquired);
      if (buggy) slots.release();
      ++inside;
      WEFT_ASSERT(inside <= 2, "three tasks hold two slots");
      co_await weft::this_task::yield();
      --inside;
      if (!buggy) slots.release();
    }));
  }
  for (auto& t : tasks) t.join();
}

// Two tasks append under an async_mutex held across a co_await; the buggy ones unlock
// before the co_await.
inline void async_mutex_body(bool buggy) {
  weft::async_mutex m;
  std::string log;
  auto append = [&](char c) -> weft::task<> {
    auto held = co_await m.lock();
    WEFT_ASSERT(held.owns_lock());
    log += c;
    if (buggy) held.unlock();
    co_await weft::this_task::yield();
    log += c;
  };
  auto a = weft::spawn(append('a'));
  auto b = weft::spawn(append('b'));
  a.join();
  b.join();
  WEFT_ASSERT(log == "aabb" || log == "bbaa", "the tasks' appends interleaved");
}

// Two tasks wait on a latch the body counts down after writing; the buggy body counts
// down first.
inline void latch_body(bool buggy) {
  weft::latch ready(1);
  int value = 0;
  auto reader = [&]() -> weft::task<int> {
    co_await weft::async_wait(ready);
    co_return value;
  };
  auto a = weft::spawn(reader());
  auto b = weft::spawn(reader());
  if (buggy) ready.count_down();
  weft::this_thread::yield();
  value = 7;
  if (!buggy) ready.count_down();
  const int read_a = a.join();
  const int read_b = b.join();
  WEFT_ASSERT(read_a == 7 && read_b == 7, "a task read before the latch opened");
}

// Two tasks meet at a barrier between writing and reading each other's slot (atomics, so
// that every strategy sees the accesses); the buggy ones skip it.
inline void barrier_body(bool buggy) {
  weft::barrier meet(2);
  weft::atomic<int> slot[2] = {0, 0};
  auto side = [&, buggy](int me) -> weft::task<int> {
    slot[me].store(me + 1);
    if (!buggy) co_await weft::async_arrive_and_wait(meet);
    co_return slot[1 - me].load();
  };
  auto a = weft::spawn(side(0));
  auto b = weft::spawn(side(1));
  const int read_a = a.join();
  const int read_b = b.join();
  WEFT_ASSERT(read_a == 2 && read_b == 1, "a task read its neighbour's slot before it was written");
}

// A task awaits another task's join handle; the buggy parent reads the result through a
// plain variable without awaiting.
inline void join_handle_body(bool buggy) {
  int result = 0;
  auto parent = weft::spawn([&, buggy]() -> weft::task<int> {
    auto child = weft::spawn([&]() -> weft::task<int> {
      co_await weft::this_task::yield();
      result = 5;
      co_return 5;
    });
    if (buggy) {
      const int early = result;
      co_await child;
      co_return early;
    }
    co_return co_await child;
  });
  const int result_seen = parent.join();
  WEFT_ASSERT(result_seen == 5, "the parent did not wait for its child");
}

// Each body by name, for tests that run them all.
inline const std::vector<std::pair<const char*, void (*)(bool)>>& all() {
  static const std::vector<std::pair<const char*, void (*)(bool)>> bodies{
      {"channel", channel_body}, {"sleep", sleep_body},     {"semaphore", semaphore_body},
      {"async_mutex", async_mutex_body}, {"latch", latch_body}, {"barrier", barrier_body},
      {"join_handle", join_handle_body}};
  return bodies;
}

}  // namespace weft_test::async_bodies

// The body every fuzzed token replays against, shared with the seed writer so that the
// seeds are tokens of this very body. Small and loop-free, so any schedule ends within
// a few dozen steps, yet it asks every kind of choice a token records: threads, a
// notify target, spurious wakeups, early timeouts, buggify, random, a cancellation.
#pragma once

#include <chrono>
#include <mutex>
#include <stop_token>

#include <weft/weft.hpp>

namespace weft_fuzz {

inline void body() {
  weft::mutex m;
  weft::condition_variable cv;
  std::stop_source stop;
  weft::cancellable(stop);
  bool ready = false;
  int value = 0;
  weft::thread producer([&] {
    std::lock_guard g(m);
    ready = true;
    value += weft::buggify() ? 2 : 1;
    cv.notify_one();
  });
  weft::thread consumer([&] {
    std::unique_lock l(m);
    if (!stop.stop_requested() && cv.wait_for(l, std::chrono::milliseconds(10), [&] { return ready; })) {
      value += static_cast<int>(weft::random() % 2);
    }
  });
  producer.join();
  consumer.join();
  WEFT_ASSERT(value < 3, "the value went past 2");
}

}  // namespace weft_fuzz

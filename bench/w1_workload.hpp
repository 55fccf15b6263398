// W1, the short body the benchmarks compare on (issue 2's W1, compare-relacy's first):
// two threads each 10x {lock; ++x; unlock}, then join and check x == 20.
#pragma once

#include <weft/weft.hpp>

namespace weft_bench {

// Two threads each `iterations` x {lock; ++x; unlock}, joined; checks the count.
inline void w1_threads(int iterations) {
  weft::mutex m;
  int x = 0;
  auto work = [&] {
    for (int i = 0; i < iterations; ++i) {
      m.lock();
      ++x;
      m.unlock();
    }
  };
  weft::thread a(work);
  weft::thread b(work);
  a.join();
  b.join();
  WEFT_ASSERT(x == 2 * iterations);
}

inline void w1_mutex_counter() { w1_threads(10); }

}  // namespace weft_bench

// W1, the short body the benchmarks compare on (issue 2's W1, compare-relacy's first):
// two threads each 10x {lock; ++x; unlock}, then join and check x == 20.
#pragma once

#include <weft/weft.hpp>

namespace weft_bench {

inline void w1_mutex_counter() {
  weft::mutex m;
  int x = 0;
  auto work = [&] {
    for (int i = 0; i < 10; ++i) {
      m.lock();
      ++x;
      m.unlock();
    }
  };
  weft::thread a(work);
  weft::thread b(work);
  a.join();
  b.join();
  WEFT_ASSERT(x == 20);
}

}  // namespace weft_bench

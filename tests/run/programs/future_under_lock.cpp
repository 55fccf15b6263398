// main holds a mutex while it waits for an async task's result, and the task needs that
// mutex: a deadlock. libstdc++'s future::get waits through std::call_once, so the wait is
// reached through weft-run's own pthread_once: the report must still name main's line.
// Built with -DFIXED, main takes the result before it locks.
#include <cstdio>
#include <future>
#include <mutex>

namespace {
std::mutex totals_lock;
int total = 0;
}  // namespace

int main() {
  auto task = std::async(std::launch::async, [] {
    std::lock_guard hold(totals_lock);
    return ++total;
  });
#ifdef FIXED
  const int result = task.get();
  std::lock_guard hold(totals_lock);
#else
  std::lock_guard hold(totals_lock);
  const int result = task.get();  // the line the deadlock report names
#endif
  std::printf("%d %d\n", result, total);
  return 0;
}
